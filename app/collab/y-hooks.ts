import { useEffect, useReducer, useSyncExternalStore } from "react";
import type * as Y from "yjs";

/** True once the page has hydrated in the browser (false during server rendering). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
}

/** Re-renders whenever a shared type (or anything inside it) changes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useYObserveDeep(type: Y.AbstractType<any> | null): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!type) return;
    const onChange = () => bump();
    type.observeDeep(onChange);
    return () => type.unobserveDeep(onChange);
  }, [type]);
}

/** Re-renders after every change to a document, local or remote. */
export function useDocUpdates(doc: Y.Doc): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const onUpdate = () => bump();
    doc.on("update", onUpdate);
    return () => doc.off("update", onUpdate);
  }, [doc]);
}
