import { diffChars } from "diff";
import * as Y from "yjs";

// Reading authorship out of a Yjs state: every item (a run of characters, a map value) carries
// the client id that created it, and CollabAuthor says whose that client id is (authors.ts).
// Deleted items no longer hold their content, so this is authorship of the text as it stands.

/**
 * Characters of live text per client id: string content of text items and of map/array values.
 * The document's "meta" map (its shape, and the strings the shape upgrade replaced) is nobody's text.
 */
export function charactersByClient(doc: Y.Doc): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (client: number, n: number) => {
    if (n > 0) counts.set(client, (counts.get(client) ?? 0) + n);
  };
  const countItem = (item: Y.Item) => {
    if (item.deleted) return;
    const content = item.content;
    if (content instanceof Y.ContentString) add(item.id.client, content.str.length);
    else if (content instanceof Y.ContentAny) {
      for (const value of content.arr) if (typeof value === "string") add(item.id.client, value.length);
    } else if (content instanceof Y.ContentType) countType(content.type);
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const countType = (type: Y.AbstractType<any>) => {
    for (let item = type._start; item; item = item.right) countItem(item);
    // An element's map holds its attributes (e.g. a heading's level), not anyone's words.
    if (!(type instanceof Y.XmlElement)) for (const item of type._map.values()) countItem(item);
  };
  for (const [name, type] of doc.share) if (name !== "meta") countType(type);
  return counts;
}

/** The client id that wrote a map's current value for `key` (null if none). */
export function mapValueClient(map: Y.Map<unknown>, key: string): number | null {
  const item = map._map.get(key);
  return item && !item.deleted ? item.id.client : null;
}

/**
 * The client ids that wrote a map's current values: for a Y.Text value, those of its characters
 * (who typed them), else the map entry's.
 */
export function mapClients(map: Y.Map<unknown>): number[] {
  const clients = new Set<number>();
  for (const item of map._map.values()) {
    if (item.deleted) continue;
    const value = item.content instanceof Y.ContentType ? item.content.type : null;
    if (value instanceof Y.Text) for (const id of textItemIds(value)) clients.add(id.client);
    else clients.add(item.id.client);
  }
  return [...clients];
}

/** The item id of each live character of a Y.Text. */
export function textItemIds(text: Y.Text): ItemId[] {
  const ids: ItemId[] = [];
  for (let item = text._start; item; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
    for (let i = 0; i < item.length; i++) ids.push({ client: item.id.client, clock: item.id.clock + i });
  }
  return ids;
}

/**
 * The item id of each character of the short text at `key` of a map (as readDraft reads it,
 * clipped to `length`): a Y.Text's characters one by one, a plain string's (shape 1) all the map
 * entry's.
 */
export function valueItemIds(map: Y.Map<unknown>, key: string, length: number): (ItemId | null)[] {
  const item = map._map.get(key);
  if (!item || item.deleted) return new Array<ItemId | null>(length).fill(null);
  const value = item.content instanceof Y.ContentType ? item.content.type : null;
  if (value instanceof Y.Text) {
    const ids: (ItemId | null)[] = textItemIds(value).slice(0, length);
    while (ids.length < length) ids.push(null);
    return ids;
  }
  return new Array<ItemId | null>(length).fill({ client: item.id.client, clock: item.id.clock });
}

/**
 * Every item id a map's current values hold: the entries', and for a Y.Text value its live
 * characters' (whoever later deleted one of them deleted part of that value).
 */
export function mapItemIds(map: Y.Map<unknown>): ItemId[] {
  const ids: ItemId[] = [];
  for (const item of map._map.values()) {
    if (item.deleted) continue;
    ids.push({ client: item.id.client, clock: item.id.clock });
    const value = item.content instanceof Y.ContentType ? item.content.type : null;
    if (value instanceof Y.Text) ids.push(...textItemIds(value));
  }
  return ids;
}

/** A Yjs item id: the client that created it and its clock. */
export type ItemId = { client: number; clock: number };

/**
 * The item id of each character of a prose fragment's plain text (as fragmentToText writes it:
 * blocks separated by blank lines, list markers, trimmed). The fragment's text is walked item by
 * item and then aligned with `plain` (a character diff, usually a no-op): characters the walk
 * does not produce (list markers, separators) get null.
 */
export function proseItemIds(fragment: Y.XmlFragment, plain: string): (ItemId | null)[] {
  let text = "";
  const ids: (ItemId | null)[] = [];
  const walkText = (node: Y.XmlText) => {
    for (let item = node._start; item; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
      const str = item.content.str;
      text += str;
      for (let i = 0; i < str.length; i++) ids.push({ client: item.id.client, clock: item.id.clock + i });
    }
  };
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) walkText(child);
      else if (child instanceof Y.XmlElement) {
        walk(child);
        if (child.nodeName === "paragraph" || child.nodeName === "heading") {
          text += "\n\n";
          ids.push(null, null);
        }
      }
    }
  };
  walk(fragment);
  if (text === plain) return ids;
  const aligned: (ItemId | null)[] = new Array<ItemId | null>(plain.length).fill(null);
  let from = 0;
  let to = 0;
  for (const change of diffChars(text, plain)) {
    const length = change.value.length;
    if (change.removed) from += length;
    else if (change.added) to += length;
    else {
      for (let i = 0; i < length; i++) aligned[to + i] = ids[from + i] ?? null;
      from += length;
      to += length;
    }
  }
  return aligned;
}

/** The client id of each character of a prose fragment's plain text (see proseItemIds). */
export function proseAttribution(fragment: Y.XmlFragment, plain: string): (number | null)[] {
  return proseItemIds(fragment, plain).map((id) => id?.client ?? null);
}

/** The item id of a map's current value for `key` (null if none). */
export function mapValueId(map: Y.Map<unknown>, key: string): ItemId | null {
  const item = map._map.get(key);
  return item && !item.deleted ? { client: item.id.client, clock: item.id.clock } : null;
}

/**
 * Who deleted what. A Yjs state keeps no trace of who deleted an item, but every stored update
 * carries its delete set and its author: given the room's updates in the order they were stored,
 * this answers, for an item id, the owner of the first update that deleted it. (A client that
 * resyncs sends every deletion it knows again; the first update to carry one is its author's.)
 */
export function deletionIndex<Owner>(updates: Iterable<{ data: Uint8Array; owner: Owner }>) {
  const ranges = new Map<number, { start: number; end: number; owner: Owner }[]>();
  for (const { data, owner } of updates) {
    let ds: ReturnType<typeof Y.decodeUpdate>["ds"];
    try {
      ds = Y.decodeUpdate(data).ds;
    } catch {
      continue; // Stored updates were validated on arrival; a damaged one deletes nothing here.
    }
    for (const [client, items] of ds.clients) {
      let list = ranges.get(client);
      if (!list) ranges.set(client, (list = []));
      for (const item of items) list.push({ start: item.clock, end: item.clock + item.len, owner });
    }
  }
  return (id: ItemId): Owner | undefined => {
    const list = ranges.get(id.client);
    if (!list) return undefined;
    for (const range of list) if (id.clock >= range.start && id.clock < range.end) return range.owner;
    return undefined;
  };
}
