import { diffArrays } from "diff";
import * as Y from "yjs";
import {
  canonicalJson,
  CLASSIFICATION_FIELDS,
  fieldsMap,
  LIST_FIELDS,
  listArray,
  PROSE_FIELDS,
  proseFragment,
  readDraft,
  SCALAR_FIELDS,
  VALUE_FLAGS,
  type ClassificationField,
  type ListField,
  type ListItem,
  type ProseField,
  type ScalarField,
  type ValueFlag,
} from "./document.ts";
import { CURRENT_REF } from "./forms.ts";
import type { VersionKind } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import {
  deletionIndex,
  mapClients,
  mapItemIds,
  mapValueClient,
  mapValueId,
  proseAttribution,
  proseItemIds,
  valueItemIds,
  type ItemId,
} from "./attribution.server.ts";
import { currentDocument } from "./versions.server.ts";
import { type AuthorInfo, FORMER_NAME, authorsOf } from "./authorship.server.ts";
import { parseContent } from "./history.server.ts";
import { type Credit, type Segment, textSegments } from "./diff.ts";
import { room } from "./drafts.server.ts";

// ---- compare -------------------------------------------------------------------------------------

export type FieldDiff =
  | {
      type: "text";
      field: ProseField | ScalarField | ClassificationField;
      group: "prose" | "fields";
      changed: boolean;
      segments: Segment[];
    }
  | {
      type: "flag";
      field: ValueFlag;
      group: "values";
      changed: boolean;
      from: boolean | null;
      to: boolean | null;
      by: Credit[];
    }
  | {
      type: "list";
      field: ListField;
      group: "lists";
      changed: boolean;
      columns: readonly string[];
      rows: { type: "same" | "ins" | "del"; values: Record<string, string>; by: Credit[] }[];
    };

export type ComparisonSide = {
  ref: string;
  number: number | null;
  name: string | null;
  kind: VersionKind | null;
  createdAt: string | null;
};

export type Comparison = { from: ComparisonSide; to: ComparisonSide; fields: FieldDiff[]; changed: number };

export { CURRENT_REF };

async function loadSide(commitmentId: string, ref: string) {
  if (ref === CURRENT_REF) {
    const doc = await currentDocument(commitmentId);
    const side: ComparisonSide = { ref, number: null, name: null, kind: null, createdAt: null };
    return { side, doc, content: readDraft(doc) };
  }
  const row = await prisma().commitmentVersion.findFirst({
    where: { id: ref, commitmentId },
    select: { id: true, number: true, name: true, kind: true, createdAt: true, state: true, content: true },
  });
  if (!row) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, row.state);
  const side: ComparisonSide = {
    ref: row.id,
    number: row.number,
    name: row.name,
    kind: row.kind,
    createdAt: row.createdAt.toISOString(),
  };
  return { side, doc, content: parseContent(row.content) };
}

function creditsFor(clients: Iterable<number | null>, authors: ReadonlyMap<number, AuthorInfo>): Credit[] {
  const credits = new Map<string, Credit>();
  for (const client of clients) {
    if (client === null) continue;
    const author = authors.get(client);
    const credit: Credit = author ? { name: author.name, kind: author.kind } : { name: FORMER_NAME, kind: "former" };
    credits.set(`${credit.kind}:${credit.name}`, credit);
  }
  return [...credits.values()];
}

/**
 * Who deleted items of a commitment's room: the authors of the stored updates whose delete sets
 * hold them (see deletionIndex). Updates stored before `since` cannot have deleted anything the
 * older side still shows, so they are skipped (with a minute of slack for clocks).
 */
async function deletersOf(commitmentId: string, since: Date | null) {
  const rows = await prisma().collabUpdate.findMany({
    where: { room: room(commitmentId), ...(since ? { createdAt: { gte: new Date(since.getTime() - 60_000) } } : {}) },
    orderBy: { id: "asc" },
    select: { data: true, userId: true, user: { select: { name: true } } },
  });
  const lookup = deletionIndex(
    rows.map((row) => ({
      data: row.data,
      owner: (row.userId && row.user
        ? { name: row.user.name, kind: "person" }
        : { name: FORMER_NAME, kind: "former" }) satisfies Credit,
    })),
  );
  return (ids: Iterable<ItemId | null>): Credit[] => {
    const credits = new Map<string, Credit>();
    for (const id of ids) {
      const credit = id ? lookup(id) : undefined;
      if (credit) credits.set(`${credit.kind}:${credit.name}`, credit);
    }
    return [...credits.values()];
  };
}

const itemValues = (list: ListField, item: ListItem) =>
  Object.fromEntries(LIST_FIELDS[list].map((key) => [key, item[key] ?? ""])) as Record<string, string>;

/**
 * Compares two states of a commitment's draft (versions, or CURRENT_REF for the current state),
 * field by field: texts word by word (diff's diffWords on the plain text), value flags, and
 * list items whole. Inserted text is credited to whoever wrote it, read from the newer side's Yjs
 * state: each inserted segment's characters map to the items' client ids, and those to
 * CollabAuthor (an approximation per segment: every author with a character in it is named).
 * Deleted text and removed rows are credited to whoever deleted them: the older side's items
 * are looked up in the delete sets of the room's stored updates (deletersOf).
 */
export async function compareDrafts(commitmentId: string, fromRef: string, toRef: string): Promise<Comparison | null> {
  const from = await loadSide(commitmentId, fromRef);
  if (!from) return null;
  const to = await loadSide(commitmentId, toRef);
  if (!to) {
    from.doc.destroy();
    return null;
  }
  try {
    const authors = await authorsOf(commitmentId);
    // Deletions only matter when the sides differ; reading the room's updates is skipped otherwise.
    const deletedBy =
      canonicalJson(from.content) === canonicalJson(to.content)
        ? () => []
        : await deletersOf(commitmentId, from.side.createdAt ? new Date(from.side.createdAt) : null);
    const fromFields = fieldsMap(from.doc) as Y.Map<unknown>;
    const fields: FieldDiff[] = [];
    for (const field of PROSE_FIELDS) {
      const before = from.content.prose[field];
      const after = to.content.prose[field];
      let clients: (number | null)[] | null = null;
      let fromIds: (ItemId | null)[] | null = null;
      const segments = textSegments(
        before,
        after,
        (index, length) => {
          clients ??= proseAttribution(proseFragment(to.doc, field), after);
          return creditsFor(clients.slice(index, index + length), authors);
        },
        (index, length) => {
          fromIds ??= proseItemIds(proseFragment(from.doc, field), before);
          return deletedBy(fromIds.slice(index, index + length));
        },
      );
      fields.push({ type: "text", field, group: "prose", changed: before !== after, segments });
    }
    const toFields = fieldsMap(to.doc) as Y.Map<unknown>;
    for (const field of SCALAR_FIELDS) {
      const before = from.content.fields[field];
      const after = to.content.fields[field];
      // Each character is credited to whoever typed it (a Y.Text), or the whole value to whoever
      // set it (a plain string: shape 1, or an old client's write).
      let toIds: (ItemId | null)[] | null = null;
      let fromIds: (ItemId | null)[] | null = null;
      const segments = textSegments(
        before,
        after,
        (index, length) => {
          toIds ??= valueItemIds(toFields, field, after.length);
          return creditsFor(
            toIds.slice(index, index + length).map((id) => id?.client ?? null),
            authors,
          );
        },
        (index, length) => {
          fromIds ??= valueItemIds(fromFields, field, before.length);
          return deletedBy(fromIds.slice(index, index + length));
        },
      );
      fields.push({ type: "text", field, group: "fields", changed: before !== after, segments });
    }
    // Theme and policy area, when both sides hold them (shape 2): the theme by its name.
    if (from.content.classification && to.content.classification) {
      const themeIds = [from.content.classification.theme, to.content.classification.theme].filter(Boolean);
      const themes = themeIds.length
        ? await prisma().theme.findMany({ where: { id: { in: themeIds } }, select: { id: true, name: true } })
        : [];
      const shown = (field: ClassificationField, value: string) =>
        field === "theme" ? (themes.find((theme) => theme.id === value)?.name ?? value) : value;
      for (const field of CLASSIFICATION_FIELDS) {
        const before = shown(field, from.content.classification[field]);
        const after = shown(field, to.content.classification[field]);
        const segments = textSegments(
          before,
          after,
          () => creditsFor([mapValueClient(toFields, field)], authors),
          () => deletedBy([mapValueId(fromFields, field)]),
        );
        fields.push({ type: "text", field, group: "fields", changed: before !== after, segments });
      }
    }
    for (const field of VALUE_FLAGS) {
      const before = from.content.fields[field];
      const after = to.content.fields[field];
      const changed = before !== after;
      fields.push({
        type: "flag",
        field,
        group: "values",
        changed,
        from: before,
        to: after,
        by: changed ? creditsFor([mapValueClient(toFields, field)], authors) : [],
      });
    }
    for (const list of Object.keys(LIST_FIELDS) as ListField[]) {
      const before = from.content[list].map((item) => itemValues(list, item));
      const afterItems = to.content[list];
      const after = afterItems.map((item) => itemValues(list, item));
      const maps = listArray(to.doc, list)
        .toArray()
        .filter((item) => item instanceof Y.Map);
      const fromMaps = listArray(from.doc, list)
        .toArray()
        .filter((item) => item instanceof Y.Map);
      // A removed (or rewritten) row: whoever deleted the row, or overwrote its values.
      const removedBy = (id: string | undefined) => {
        const map = fromMaps.find((candidate) => candidate.get("id") === id) as Y.Map<unknown> | undefined;
        if (!map?._item) return [];
        const ids: ItemId[] = [{ client: map._item.id.client, clock: map._item.id.clock }, ...mapItemIds(map)];
        return deletedBy(ids);
      };
      const rows: Extract<FieldDiff, { type: "list" }>["rows"] = [];
      let fromIndex = 0;
      let toIndex = 0;
      for (const change of diffArrays(before.map(canonicalJson), after.map(canonicalJson))) {
        for (let i = 0; i < change.count; i++) {
          if (change.removed) {
            rows.push({ type: "del", values: before[fromIndex]!, by: removedBy(from.content[list][fromIndex]?.id) });
            fromIndex++;
          } else {
            const item = afterItems[toIndex]!;
            const map = maps.find((candidate) => candidate.get("id") === item.id);
            rows.push({
              type: change.added ? "ins" : "same",
              values: after[toIndex]!,
              by: change.added && map ? creditsFor(mapClients(map as Y.Map<unknown>), authors) : [],
            });
            toIndex++;
            if (!change.added) fromIndex++;
          }
        }
      }
      fields.push({
        type: "list",
        field: list,
        group: "lists",
        changed: rows.some((row) => row.type !== "same"),
        columns: LIST_FIELDS[list],
        rows,
      });
    }
    return { from: from.side, to: to.side, fields, changed: fields.filter((field) => field.changed).length };
  } finally {
    from.doc.destroy();
    to.doc.destroy();
  }
}
