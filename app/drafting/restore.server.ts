import { diffArrays } from "diff";
import * as Y from "yjs";
import {
  CLASSIFICATION_FIELDS,
  documentShape,
  fieldsMap,
  LIST_FIELDS,
  listArray,
  PROSE_FIELDS,
  proseFragment,
  canonicalJson,
  textOf,
  type ListField,
} from "./document.ts";
import { applyTextDiff, upgradeDocument } from "./shape.ts";

// Restoring a version is a NEW change on top of the current document, never a rewind: every
// earlier update stays in the log and in the history. The change makes each part of the draft
// equal to the version's:
//
//   prose fields  the fragment's blocks (paragraphs, headings, lists) are matched with the
//                 version's by their XML (a longest-common-subsequence diff); blocks that are
//                 the same stay (with their items, so their authors), the others are deleted and
//                 the version's blocks are inserted as copies (formatting included)
//   "fields"      each short text that differs is edited into the version's with a character
//                 diff (unchanged characters keep their authors); each other value that differs
//                 is set; keys the version lacks are deleted (but a version older than theme and
//                 policy area in the document leaves them as they are)
//   lists         items are matched by their JSON the same way as blocks
//
// A version stored in an older document shape (decision 020) is read in the current one first,
// on a copy, so the restore never brings plain strings back where the document holds Y.Texts.
//
// Copies are new Yjs items written by the restoring person's (fresh) client id, so the restored
// passages are attributed to "restored by" that person; unchanged passages keep their authors.

type Child = Y.XmlElement | Y.XmlText | Y.XmlHook;

function copy<T>(value: T): T {
  return value instanceof Y.AbstractType ? (value.clone() as T) : value;
}

/** Makes `target`'s sequence equal to `source`'s, keeping the elements both have (by key). */
function syncSequence<T>(
  target: { toArray(): T[]; delete(index: number, length: number): void; insert(index: number, items: T[]): void },
  source: T[],
  key: (item: T) => string,
): void {
  const changes = diffArrays(target.toArray().map(key), source.map(key));
  let index = 0;
  let sourceIndex = 0;
  for (const change of changes) {
    if (change.removed) {
      target.delete(index, change.count);
    } else if (change.added) {
      target.insert(index, source.slice(sourceIndex, sourceIndex + change.count).map(copy));
      index += change.count;
      sourceIndex += change.count;
    } else {
      index += change.count;
      sourceIndex += change.count;
    }
  }
}

function syncFragment(target: Y.XmlFragment, source: Y.XmlFragment): void {
  const kind = (child: Child) =>
    child instanceof Y.XmlText ? "text" : child instanceof Y.XmlElement ? "element" : "hook";
  syncSequence<Child>(
    {
      toArray: () => target.toArray(),
      delete: (index, length) => target.delete(index, length),
      insert: (index, items) => target.insert(index, items as (Y.XmlElement | Y.XmlText)[]),
    },
    source.toArray(),
    (child) => `${kind(child)}:${child.toString()}`,
  );
}

function syncMap(target: Y.Map<unknown>, source: Y.Map<unknown>, keep: readonly string[] = []): void {
  for (const [key, value] of source.entries()) {
    const current = target.get(key);
    if (value instanceof Y.Text) {
      const text = value.toString();
      if (current instanceof Y.Text) applyTextDiff(current, text);
      else if (textOf(current) !== text || current === undefined) target.set(key, new Y.Text(text));
      continue;
    }
    const same =
      value instanceof Y.AbstractType || current instanceof Y.AbstractType
        ? canonicalJson(toPlain(value)) === canonicalJson(toPlain(current))
        : Object.is(value, current);
    if (!same) target.set(key, copy(value));
  }
  for (const key of [...target.keys()]) if (!source.has(key) && !keep.includes(key)) target.delete(key);
}

function toPlain(value: unknown): unknown {
  return value instanceof Y.AbstractType ? (value.toJSON() as unknown) : value;
}

function syncList(target: Y.Array<unknown>, source: Y.Array<unknown>): void {
  syncSequence<unknown>(target, source.toArray(), (item) => canonicalJson(toPlain(item)));
}

/** A copy of a document in an older shape, upgraded (whose client ids it uses does not matter). */
function inCurrentShape(version: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(version));
  let next = 1;
  upgradeDocument(copy, {
    groupOf: () => "copy",
    server: "copy",
    clientIdFor: () => {
      while (Y.getState(copy.store, next) > 0) next++;
      return next;
    },
  });
  return copy;
}

/**
 * Applies to `current`, in one transaction, the change that makes its draft equal to `version`'s,
 * and returns that change as an update (null when nothing differs). `current` must be the stored
 * state; its client id is renewed first so the change never reuses anyone's id.
 */
export function restoreUpdate(current: Y.Doc, version: Y.Doc, takenClientIds: ReadonlySet<number>): Uint8Array | null {
  while (Y.getState(current.store, current.clientID) > 0 || takenClientIds.has(current.clientID)) {
    current.clientID = Math.floor(Math.random() * 0xffffffff) >>> 0;
  }
  const older = documentShape(version) < documentShape(current);
  const source = older ? inCurrentShape(version) : version;
  const updates: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => updates.push(update);
  current.on("update", onUpdate);
  try {
    current.transact(() => {
      for (const field of PROSE_FIELDS) syncFragment(proseFragment(current, field), proseFragment(source, field));
      syncMap(
        fieldsMap(current) as Y.Map<unknown>,
        fieldsMap(source) as Y.Map<unknown>,
        older ? CLASSIFICATION_FIELDS : [],
      );
      for (const list of Object.keys(LIST_FIELDS) as ListField[]) {
        syncList(listArray(current, list) as Y.Array<unknown>, listArray(source, list) as Y.Array<unknown>);
      }
    });
  } finally {
    current.off("update", onUpdate);
    if (source !== version) source.destroy();
  }
  if (updates.length === 0) return null;
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}
