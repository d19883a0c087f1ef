import { diffChars } from "diff";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import {
  CLASSIFICATION_FIELDS,
  DOCUMENT_SHAPE,
  documentShape,
  fieldsMap,
  isTextKey,
  LIST_FIELDS,
  listArray,
  metaMap,
  TEXT_COLUMNS,
  TEXT_FIELDS,
  textOf,
  type Classification,
  type ListField,
} from "./document.ts";

// Changing a document's shape (decision 020), as pure functions over Y.Docs and updates:
//
//   - the upgrade: every short text a document holds as a plain string (all of them in shape 1;
//     in shape 2, what an old client wrote since) becomes a Y.Text with the same text, written by a
//     client id of the person who wrote the string, so the text keeps its author; the replaced
//     strings are kept in meta.bases under their item ids, and meta.shape says 2;
//   - an old-shape update (from an offline copy or a tab older than the upgrade): its writes of
//     plain strings at text keys are found, cut out of the update (turned into GC structs of the
//     same ids, so the rest of it still applies and the sender's clock stays continuous), and
//     replayed as Y.Text edits: a three-way merge of what the sender started from (the base kept in
//     meta.bases), what the text is now and what the sender wrote, so neither side's words are lost.
//
// The transport decides when (server/collab/room.ts); the database side is upgrade.server.ts.

/** A plain string at a text key. */
export type LegacyText = { map: Y.Map<unknown>; key: string; item: Y.Item; value: string };

/** meta.bases: the strings the upgrade replaced, by the id of the item that held each. */
export function basesMap(doc: Y.Doc): Y.Map<string> | null {
  const bases = metaMap(doc).get("bases");
  return bases instanceof Y.Map ? (bases as Y.Map<string>) : null;
}

export const baseKey = (id: { client: number; clock: number }) => `${id.client}.${id.clock}`;

/** The id of the item that holds meta.shape (the shape marker); null before the upgrade. */
export function shapeMarker(doc: Y.Doc): { client: number; clock: number } | null {
  const item = metaMap(doc)._map.get("shape");
  return item && !item.deleted ? { client: item.id.client, clock: item.id.clock } : null;
}

/** Every list item map of a document, with its list. */
function listItems(doc: Y.Doc): { list: ListField; map: Y.Map<unknown> }[] {
  return (Object.keys(LIST_FIELDS) as ListField[]).flatMap((list) =>
    listArray(doc, list)
      .toArray()
      .filter((item) => item instanceof Y.Map)
      .map((map) => ({ list, map: map as Y.Map<unknown> })),
  );
}

/** The plain strings a document holds at text keys, in document order. */
export function legacyTexts(doc: Y.Doc): LegacyText[] {
  const out: LegacyText[] = [];
  const collect = (map: Y.Map<unknown>, keys: readonly string[]) => {
    for (const key of keys) {
      const item = map._map.get(key);
      const value = map.get(key);
      if (item && !item.deleted && typeof value === "string") out.push({ map, key, item, value });
    }
  };
  collect(fieldsMap(doc) as Y.Map<unknown>, TEXT_FIELDS);
  for (const { list, map } of listItems(doc)) collect(map, TEXT_COLUMNS[list]);
  return out;
}

/** Whether a document needs the upgrade: an older shape, or plain strings at text keys. */
export function needsUpgrade(doc: Y.Doc): boolean {
  return documentShape(doc) < DOCUMENT_SHAPE || legacyTexts(doc).length > 0;
}

/** Runs `edit` as one transaction by `clientId` and returns the update it made (null if none). */
export function changeBy(doc: Y.Doc, clientId: number, edit: () => void): Uint8Array | null {
  const previous = doc.clientID;
  const updates: Uint8Array[] = [];
  const listen = (update: Uint8Array) => updates.push(update);
  doc.clientID = clientId;
  doc.on("update", listen);
  try {
    doc.transact(edit);
  } finally {
    doc.off("update", listen);
    doc.clientID = previous;
  }
  if (updates.length === 0) return null;
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

export type UpgradePlan<Group> = {
  /** The author group of a string's item (by its client id): whose the converted text is. */
  groupOf(clientId: number): Group;
  /** The group that writes meta, the classification and the text nobody else wrote. */
  server: Group;
  /** A fresh client id for a group (never used in the document). */
  clientIdFor(group: Group): number;
  /** Theme and policy area to add, for a document that has none yet. */
  classification?: Classification;
};

/**
 * Upgrades `doc` in place to DOCUMENT_SHAPE and returns the change as one update, with the group
 * each of its client ids writes for (null update when there is nothing to do).
 */
export function upgradeDocument<Group>(
  doc: Y.Doc,
  plan: UpgradePlan<Group>,
): { update: Uint8Array; clients: Map<number, Group> } | null {
  const legacy = legacyTexts(doc);
  const shape = documentShape(doc);
  if (shape >= DOCUMENT_SHAPE && legacy.length === 0) return null;
  const groups = new Map<Group, LegacyText[]>();
  for (const entry of legacy) {
    const group = plan.groupOf(entry.item.id.client);
    groups.set(group, [...(groups.get(group) ?? []), entry]);
  }
  const updates: Uint8Array[] = [];
  const clients = new Map<number, Group>();
  for (const [group, entries] of groups) {
    const clientId = plan.clientIdFor(group);
    const update = changeBy(doc, clientId, () => {
      for (const { map, key, value } of entries) map.set(key, new Y.Text(value));
    });
    if (update) {
      updates.push(update);
      clients.set(clientId, group);
    }
  }
  const serverId = plan.clientIdFor(plan.server);
  const update = changeBy(doc, serverId, () => {
    const meta = metaMap(doc);
    if (legacy.length > 0) {
      let bases = basesMap(doc);
      if (!bases) {
        bases = new Y.Map<string>();
        meta.set("bases", bases);
      }
      for (const { item, value } of legacy) bases.set(baseKey(item.id), value);
    }
    const fields = fieldsMap(doc);
    if (plan.classification) {
      for (const key of CLASSIFICATION_FIELDS) if (!fields.has(key)) fields.set(key, plan.classification[key]);
    }
    if (shape < DOCUMENT_SHAPE) meta.set("shape", DOCUMENT_SHAPE);
  });
  if (update) {
    updates.push(update);
    clients.set(serverId, plan.server);
  }
  if (updates.length === 0) return null;
  return { update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), clients };
}

// ---- old-shape updates ----------------------------------------------------------------------------

/** Where an old-shape write goes: "fields", or the list item map created by the item `parent`. */
export type WriteTarget = { list: null } | { list: ListField; parent: { client: number; clock: number } };

/** The plain-string writes of one update at one text key, seen as one change. */
export type OldShapeWrite = {
  target: WriteTarget;
  key: string;
  /** What the sender wrote last. */
  value: string;
  /** What the sender's text was before (null: unknown, e.g. a value older than the upgrade's). */
  base: string | null;
  /** The structs of these writes (each a map item of length 1). */
  ids: { client: number; clock: number }[];
  /**
   * Deletions the update makes because of these writes, to be dropped from it: in a copy that held
   * the key's Y.Text, a string that won there deleted that Y.Text entry (and with it its characters).
   */
  undeleted: IdRange[];
};

/** A run of item ids of one client. */
export type IdRange = { client: number; clock: number; len: number };

/**
 * Whether an update (already parsed) may hold old-shape writes for `doc`: some struct's left
 * origin is an item the upgrade replaced. Cheap: the hot path asks it of every update of an
 * upgraded room; a room seeded in shape 2 has no bases and answers at once.
 */
export function buildsOnReplacedValues(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[]): boolean {
  const bases = basesMap(doc);
  if (!bases || bases.size === 0) return false;
  for (const struct of structs) {
    if (struct instanceof Y.Item && struct.origin && bases.has(baseKey(struct.origin))) return true;
  }
  return false;
}

/**
 * Instantiates the document's root types with their classes before anything is applied: a root
 * first created as a plain AbstractType by an update is re-typed on first use, and the items
 * integrated before that are not all re-parented (so `item.parent` would not be the Y.Map).
 */
function typedRoots(doc: Y.Doc): void {
  fieldsMap(doc);
  metaMap(doc);
  for (const list of Object.keys(LIST_FIELDS) as ListField[]) listArray(doc, list);
}

/** The text key a map item of `doc` sits at, if it is one: its target and key. */
function textKeyOf(doc: Y.Doc, item: Y.Item): { target: WriteTarget; key: string } | null {
  const key = item.parentSub;
  const parent = item.parent;
  if (key === null || !(parent instanceof Y.Map)) return null;
  if (parent === fieldsMap(doc)) return isTextKey(null, key) ? { target: { list: null }, key } : null;
  const owner = parent._item;
  if (!owner) return null;
  for (const list of Object.keys(LIST_FIELDS) as ListField[]) {
    if (owner.parent === listArray(doc, list)) {
      return isTextKey(list, key)
        ? { target: { list, parent: { client: owner.id.client, clock: owner.id.clock } }, key }
        : null;
    }
  }
  return null;
}

/**
 * The old-shape writes of `update` against `doc`: plain strings it writes at text keys. With
 * `all` false, only writes that build on a value the upgrade replaced (an old copy's); with `all`
 * true (a client known to hold the old shape), every one.
 */
export function findOldShapeWrites(doc: Y.Doc, update: Uint8Array, all: boolean): OldShapeWrite[] {
  const bases = basesMap(doc);
  // A copy that keeps deleted content: a write that loses to the Y.Text is deleted at once.
  const scratch = new Y.Doc({ gc: false });
  try {
    typedRoots(scratch);
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = Y.decodeStateVector(Y.encodeStateVector(scratch));
    const deletedBefore = Y.createDeleteSetFromStructStore(scratch.store);
    Y.applyUpdate(scratch, update);
    const candidates = new Map<string, { target: WriteTarget; key: string; items: Y.Item[] }>();
    for (const [client, structs] of scratch.store.clients) {
      const from = before.get(client) ?? 0;
      for (const struct of structs) {
        if (struct.id.clock + struct.length <= from || !(struct instanceof Y.Item)) continue;
        if (struct.content instanceof Y.ContentType || struct.content instanceof Y.ContentDeleted) continue;
        const value = struct.content.getContent()[0];
        if (typeof value !== "string") continue;
        const at = textKeyOf(scratch, struct);
        if (!at) continue;
        const group = `${at.target.list === null ? "fields" : baseKey(at.target.parent)}\u0000${at.key}`;
        const entry = candidates.get(group) ?? { ...at, items: [] };
        entry.items.push(struct);
        candidates.set(group, entry);
      }
    }
    const writes: OldShapeWrite[] = [];
    for (const { target, key, items } of candidates.values()) {
      const ids = new Set(items.map((item) => baseKey(item.id)));
      // The chain of this key's values: the sender's first write is the one whose origin is not
      // one of its own writes; what it wrote last is the rightmost of them.
      const first = items.find((item) => !item.origin || !ids.has(baseKey(item.origin)));
      let last = items[0]!;
      for (let item: Y.Item | null = first ?? last; item; item = item.right) if (ids.has(baseKey(item.id))) last = item;
      const origin = first?.origin ?? null;
      const replaced = origin ? bases?.get(baseKey(origin)) : undefined;
      if (!all && replaced === undefined) continue;
      let base: string | null = replaced ?? null;
      if (base === null && origin) {
        // Built on a string written after the upgrade (another old client's): its text, if kept.
        const item = structAt(scratch, origin);
        const content = item instanceof Y.Item ? item.content.getContent()[0] : undefined;
        if (typeof content === "string") base = content;
      }
      if (base === null && !origin) base = ""; // a key the sender set first (e.g. a new item's)
      // The key's Y.Text entries this update deleted (a string of it won in the sender's copy).
      const undeleted: IdRange[] = [];
      for (let item: Y.Item | null = last; item; item = item.left) {
        if (!(item.content instanceof Y.ContentType) || !item.deleted || Y.isDeleted(deletedBefore, item.id)) continue;
        undeleted.push({ client: item.id.client, clock: item.id.clock, len: item.length });
        const type = item.content.type;
        for (let child = type._start; child; child = child.right) {
          undeleted.push({ client: child.id.client, clock: child.id.clock, len: child.length });
        }
      }
      writes.push({
        target,
        key,
        value: textOf(last.content.getContent()[0]),
        base,
        ids: items.map((item) => ({ client: item.id.client, clock: item.id.clock })),
        undeleted,
      });
    }
    return writes;
  } finally {
    scratch.destroy();
  }
}

/**
 * `update` with the given structs turned into GC structs (the same ids and lengths): applied, it
 * changes nothing they did, and a later update of the same client still finds its clock
 * continuous. Its delete set loses the `undeleted` ranges; everything else is kept as it was.
 */
export function withoutStructs(
  update: Uint8Array,
  ids: readonly { client: number; clock: number }[],
  undeleted: readonly IdRange[] = [],
): Uint8Array {
  const cut = new Set(ids.map(baseKey));
  const { structs, ds } = Y.decodeUpdate(update);
  for (const range of undeleted) {
    const items = ds.clients.get(range.client);
    if (!items) continue;
    const end = range.clock + range.len;
    const kept = items.flatMap((item) => {
      const itemEnd = item.clock + item.len;
      if (itemEnd <= range.clock || item.clock >= end) return [item];
      // Yjs does not export its DeleteItem class; the encoder reads only these two fields.
      const part = (clock: number, len: number) => ({ clock, len }) as (typeof items)[number];
      const parts: typeof items = [];
      if (item.clock < range.clock) parts.push(part(item.clock, range.clock - item.clock));
      if (itemEnd > end) parts.push(part(end, itemEnd - end));
      return parts;
    });
    if (kept.length > 0) ds.clients.set(range.client, kept);
    else ds.clients.delete(range.client);
  }
  const encoder = new Y.UpdateEncoderV1();
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();
  for (const struct of structs) {
    const replaced =
      struct instanceof Y.Item && cut.has(baseKey(struct.id)) ? new Y.GC(struct.id, struct.length) : struct;
    const list = byClient.get(struct.id.client) ?? [];
    list.push(replaced);
    byClient.set(struct.id.client, list);
  }
  const rest = encoder.restEncoder;
  const { writeVarUint } = encoding;
  writeVarUint(rest, byClient.size);
  for (const [client, list] of [...byClient].sort((a, b) => b[0] - a[0])) {
    writeVarUint(rest, list.length);
    encoder.writeClient(client);
    writeVarUint(rest, list[0]!.id.clock);
    for (const struct of list) struct.write(encoder, 0);
  }
  writeVarUint(rest, ds.clients.size);
  for (const [client, items] of [...ds.clients].sort((a, b) => b[0] - a[0])) {
    encoder.resetDsCurVal();
    writeVarUint(rest, client);
    writeVarUint(rest, items.length);
    for (const item of items) {
      encoder.writeDsClock(item.clock);
      encoder.writeDsLen(item.len);
    }
  }
  return encoder.toUint8Array();
}

/** The struct of `doc` that holds `id`, if the document has it. */
function structAt(doc: Y.Doc, id: { client: number; clock: number }): Y.Item | Y.GC | null {
  const structs = doc.store.clients.get(id.client);
  if (!structs || Y.getState(doc.store, id.client) <= id.clock) return null;
  return Y.getItem(doc.store, Y.createID(id.client, id.clock)) as Y.Item | Y.GC;
}

/** Edits `text` into `next` with a character diff: unchanged characters keep their items (authors). */
export function applyTextDiff(text: Y.Text, next: string): void {
  let index = 0;
  for (const change of diffChars(text.toString(), next)) {
    if (change.removed) text.delete(index, change.value.length);
    else if (change.added) {
      text.insert(index, change.value);
      index += change.value.length;
    } else index += change.value.length;
  }
}

/**
 * Three-way merge of short texts, the way Yjs merges them: the edits from `base` to `current` and
 * from `base` to `incoming` (character diffs), applied as two concurrent changes.
 */
export function mergeText(base: string, current: string, incoming: string): string {
  if (incoming === base || incoming === current) return current;
  if (current === base) return incoming;
  const origin = new Y.Doc();
  origin.clientID = 1;
  origin.getText("t").insert(0, base);
  const fork = (clientId: number, value: string) => {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(origin));
    applyTextDiff(doc.getText("t"), value);
    return doc;
  };
  const ours = fork(2, current);
  const theirs = fork(3, incoming);
  Y.applyUpdate(ours, Y.encodeStateAsUpdate(theirs));
  const merged = ours.getText("t").toString();
  for (const doc of [origin, ours, theirs]) doc.destroy();
  return merged;
}

/** The map an old-shape write goes to in `doc` (null if its list item is not there). */
function targetMap(doc: Y.Doc, target: WriteTarget): Y.Map<unknown> | null {
  if (target.list === null) return fieldsMap(doc) as Y.Map<unknown>;
  const item = structAt(doc, target.parent);
  if (!(item instanceof Y.Item) || item.deleted || !(item.content instanceof Y.ContentType)) return null;
  const type = item.content.type;
  return type instanceof Y.Map ? (type as Y.Map<unknown>) : null;
}

/**
 * Replays old-shape writes on `doc` (which holds the update they came in, without them) as Y.Text
 * edits, in the current transaction's client id: each key's text becomes the three-way merge of
 * the sender's base, the text as it is, and what the sender wrote.
 */
export function replayOldShapeWrites(doc: Y.Doc, writes: readonly OldShapeWrite[]): void {
  for (const write of writes) {
    const map = targetMap(doc, write.target);
    if (!map) continue;
    const current = map.get(write.key);
    const now = textOf(current);
    const merged = mergeText(write.base ?? now, now, write.value);
    if (current instanceof Y.Text) applyTextDiff(current, merged);
    else if (current === undefined || merged !== now || typeof current === "string")
      map.set(write.key, new Y.Text(merged));
  }
}

/**
 * Whether a local copy holds old-shape writes the server has cut out: it then diverges from the
 * server's document (the server holds GC structs where it holds the writes, and its delete set
 * removes them, together with the Y.Text they had displaced here), so the editor drops it and
 * loads the server's (see useCollabDoc). Such a write is a map item at a text key, not a Y.Text,
 * built on a value the upgrade replaced; a copy that synced normally never holds one.
 */
export function hasReplacedValueWrites(doc: Y.Doc): boolean {
  const bases = basesMap(doc);
  if (!bases || bases.size === 0) return false;
  const check = (map: Y.Map<unknown>, keys: readonly string[]) =>
    keys.some((key) => {
      for (let item = map._map.get(key) ?? null; item; item = item.left) {
        if (item.content instanceof Y.ContentType) continue;
        if (item.origin && bases.has(baseKey(item.origin))) return true;
      }
      return false;
    });
  if (check(fieldsMap(doc) as Y.Map<unknown>, TEXT_FIELDS)) return true;
  return listItems(doc).some(({ list, map }) => check(map, TEXT_COLUMNS[list]));
}
