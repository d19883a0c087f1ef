import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
  type FormEvent,
  type ReactNode,
} from "react";
import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { labelTextColor, type CollabIdentity } from "~/collab/protocol.ts";
import { replaceText, setText, textOf, type FieldValue } from "~/drafting/document.ts";

// A short field of the draft (contact, lead institution, a milestone's or an indicator's text)
// bound to its Y.Text by a diff binding (decision 020): on each input, the smallest single change
// between the field's previous value and its new one (what the keystroke, deletion or paste did)
// is applied to the Y.Text, so two people typing into the same field keep each other's characters;
// a remote change rewrites the field's value and puts the local selection back where it was, by
// Yjs relative positions (they point at characters, not offsets, so the caret stays by the text it
// was next to). Each person's selection in the field is shared in their awareness state
// (`field`: the field's key and two relative positions), and everyone else's is drawn over the
// field: a caret in their colour with their name, and their names next to the label.

/** The awareness state a short field shares: which field and the selection in it. */
export type FieldCursor = { key: string; anchor: unknown; head: unknown };

type Caret = { clientId: number; name: string; color: string; index: number };

/** The editable Y.Text at `key` of `map`, or null while the map holds a plain string or nothing. */
function textAt(map: Y.Map<FieldValue> | Y.Map<string | Y.Text>, key: string): Y.Text | null {
  const value = map.get(key);
  return value instanceof Y.Text ? value : null;
}

/** Re-renders when the value at `key` of `map` is replaced (a new Y.Text, or a plain string). */
function useMapKey(map: Y.Map<FieldValue> | Y.Map<string | Y.Text>, key: string): void {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const onChange = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(key)) bump();
    };
    const target = map as Y.Map<unknown>;
    target.observe(onChange);
    return () => target.unobserve(onChange);
  }, [map, key]);
}

const NO_CARETS: Caret[] = [];

/** Other people's carets in the field `key`, from their awareness states. */
function useRemoteCarets(awareness: Awareness | null, doc: Y.Doc, text: Y.Text | null, key: string): Caret[] {
  const cache = useRef<{ json: string; carets: Caret[] }>({ json: "[]", carets: NO_CARETS });
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!awareness || !text) return () => {};
      awareness.on("change", onChange);
      // The positions resolve against the text: read them again when it changes.
      text.observe(onChange);
      return () => {
        awareness.off("change", onChange);
        text.unobserve(onChange);
      };
    },
    [awareness, text],
  );
  const read = (): Caret[] => {
    if (!awareness || !text) return NO_CARETS;
    const next: Caret[] = [];
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === doc.clientID) continue;
      const field = (state as { field?: FieldCursor | null }).field;
      const user = (state as { user?: CollabIdentity }).user;
      if (!field || field.key !== key || !user) continue;
      try {
        const head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(field.head), doc);
        if (!head || head.type !== text) continue;
        next.push({ clientId, name: user.name, color: user.color, index: head.index });
      } catch {
        continue; // a malformed position from someone's client: not drawn
      }
    }
    next.sort((a, b) => a.index - b.index || a.clientId - b.clientId);
    const json = JSON.stringify(next);
    if (json !== cache.current.json) cache.current = { json, carets: next };
    return cache.current.carets;
  };
  return useSyncExternalStore(subscribe, read, () => NO_CARETS);
}

/** Grows a textarea to its content (milestone and indicator texts are never cut off). */
function fitHeight(element: HTMLInputElement | HTMLTextAreaElement | null): void {
  if (!(element instanceof HTMLTextAreaElement)) return;
  element.style.height = "auto";
  element.style.height = `${element.scrollHeight + (element.offsetHeight - element.clientHeight)}px`;
}

const MIRRORED = [
  "fontFamily",
  "fontSize",
  "fontWeight",
  "lineHeight",
  "letterSpacing",
  "paddingTop",
  "paddingRight",
  "paddingBottom",
  "paddingLeft",
  "borderTopWidth",
  "borderRightWidth",
  "borderBottomWidth",
  "borderLeftWidth",
] as const;

/**
 * The carets drawn over the field: a transparent copy of its text, laid out like it (same font,
 * padding and width), with a marker at each caret's character.
 */
function CaretOverlay({
  control,
  value,
  carets,
  multiline,
}: {
  control: HTMLInputElement | HTMLTextAreaElement | null;
  value: string;
  carets: Caret[];
  multiline: boolean;
}) {
  const overlay = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  useLayoutEffect(() => {
    if (!control || !overlay.current) return;
    const style = window.getComputedStyle(control);
    for (const property of MIRRORED) overlay.current.style[property] = style[property];
    overlay.current.style.width = `${control.offsetWidth}px`;
    overlay.current.style.height = `${control.offsetHeight}px`;
    const onScroll = () => setScroll(control.scrollLeft);
    control.addEventListener("scroll", onScroll);
    onScroll();
    return () => control.removeEventListener("scroll", onScroll);
  });
  if (carets.length === 0) return null;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const caret of carets) {
    const index = Math.min(caret.index, value.length);
    parts.push(value.slice(at, index));
    parts.push(
      <span key={caret.clientId} className="remote-caret" style={{ borderLeftColor: caret.color }}>
        <span
          className="remote-caret-label"
          style={{ backgroundColor: caret.color, color: labelTextColor(caret.color) }}
        >
          {caret.name}
        </span>
      </span>,
    );
    at = index;
  }
  parts.push(value.slice(at));
  return (
    <div
      ref={overlay}
      className={`caret-overlay${multiline ? " multiline" : ""}`}
      aria-hidden="true"
      data-testid="remote-carets"
    >
      <div style={{ transform: `translateX(${-scroll}px)` }}>{parts}</div>
    </div>
  );
}

export function ShortText({
  doc,
  map,
  textKey,
  cursorKey,
  awareness,
  id,
  label,
  editable,
  multiline = false,
  type = "text",
  maxLength,
  list,
}: {
  doc: Y.Doc;
  /** The map that holds the text ("fields", or a list item's map) and its key there. */
  map: Y.Map<FieldValue> | Y.Map<string | Y.Text>;
  textKey: string;
  /** The field's key in awareness states: unique in the document (e.g. `milestones/<id>/output`). */
  cursorKey: string;
  awareness: Awareness | null;
  id: string;
  label: string;
  editable: boolean;
  /** A textarea that grows with its text, instead of a one-line input. */
  multiline?: boolean;
  type?: "text" | "email";
  maxLength: number;
  /** The id of a <datalist> of suggestions. */
  list?: string;
}) {
  const { t } = useTranslation();
  useMapKey(map, textKey);
  const text = textAt(map, textKey);
  const value = text ? text.toString() : textOf(map.get(textKey));
  const element = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const [control, setControl] = useState<HTMLInputElement | HTMLTextAreaElement | null>(null);
  // The local selection, as relative positions in the text (survive remote edits).
  const selection = useRef<{ anchor: Y.RelativePosition; head: Y.RelativePosition } | null>(null);
  // Re-rendered after each change of the text (the caret overlay copies it).
  const [, bump] = useReducer((n: number) => n + 1, 0);

  const bindElement = useCallback((node: HTMLInputElement | HTMLTextAreaElement | null) => {
    element.current = node;
    setControl(node);
  }, []);

  /** Shares the local selection (or its absence) in awareness. */
  const publish = useCallback(
    (focused: boolean) => {
      if (!awareness || !editable) return;
      const node = element.current;
      if (!focused || !node || !text) {
        if ((awareness.getLocalState() as { field?: FieldCursor | null } | null)?.field?.key === cursorKey) {
          awareness.setLocalStateField("field", null);
        }
        return;
      }
      const anchor = Y.createRelativePositionFromTypeIndex(text, node.selectionStart ?? 0);
      const head = Y.createRelativePositionFromTypeIndex(text, node.selectionEnd ?? 0);
      selection.current = { anchor, head };
      awareness.setLocalStateField("field", {
        key: cursorKey,
        anchor: Y.relativePositionToJSON(anchor),
        head: Y.relativePositionToJSON(head),
      } satisfies FieldCursor);
    },
    [awareness, editable, text, cursorKey],
  );

  // The element follows the Y.Text: remote changes rewrite its value, keeping the local selection.
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const current = text ? text.toString() : textOf(map.get(textKey));
    if (node.value !== current) node.value = current;
    fitHeight(node);
    if (!text) return;
    const onChange = (_event: Y.YTextEvent, transaction: Y.Transaction) => {
      const next = text.toString();
      bump();
      if (transaction.local && node.value === next) return;
      const focused = document.activeElement === node;
      const saved = selection.current;
      node.value = next;
      fitHeight(node);
      if (focused && saved) {
        const anchor = Y.createAbsolutePositionFromRelativePosition(saved.anchor, doc);
        const head = Y.createAbsolutePositionFromRelativePosition(saved.head, doc);
        if (anchor && head)
          node.setSelectionRange(Math.min(anchor.index, head.index), Math.max(anchor.index, head.index));
        publish(true);
      }
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text, map, textKey, doc, publish]);

  // Leaving the page or the field clears the shared selection.
  useEffect(() => () => publish(false), [publish]);

  const carets = useRemoteCarets(awareness, doc, text, cursorKey);
  const editors = [...new Map(carets.map((caret) => [caret.name, caret])).values()];

  const onInput = (event: FormEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (!editable) return;
    const next = event.currentTarget.value;
    // The smallest change from what the text holds to what the field now shows.
    if (text) replaceText(text, next);
    else setText(map, textKey, next);
    fitHeight(event.currentTarget);
    publish(true);
  };
  const onSelect = () => publish(document.activeElement === element.current);

  const common = {
    id,
    ref: bindElement,
    defaultValue: value,
    maxLength,
    readOnly: !editable,
    onInput,
    onSelect,
    onKeyUp: onSelect,
    onFocus: () => publish(true),
    onBlur: () => publish(false),
    "data-text-field": cursorKey,
  };
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {editors.length > 0 ? (
        <p className="field-editors" data-testid="field-editors">
          {editors.map((caret) => (
            <span key={caret.clientId} className="field-editor">
              <span className="swatch" style={{ backgroundColor: caret.color }} aria-hidden="true" />
              {t("editor.typingHere", { name: caret.name })}
            </span>
          ))}
        </p>
      ) : null}
      <div className="short-text">
        {multiline ? (
          <textarea {...common} rows={1} className="grows" />
        ) : (
          <input {...common} type={type} list={list} />
        )}
        <CaretOverlay control={control} value={value} carets={carets} multiline={multiline} />
      </div>
    </>
  );
}
