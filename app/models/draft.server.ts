import { createHash } from "node:crypto";
import { diffArrays, diffWords } from "diff";
import * as Y from "yjs";
import {
  canonicalJson,
  fieldsMap,
  LIST_FIELDS,
  listArray,
  PROSE_FIELDS,
  proseFragment,
  readDraft,
  SCALAR_FIELDS,
  VALUE_FLAGS,
  type DraftContent,
  type ListField,
  type ListItem,
  type ProseField,
  type ScalarField,
  type ValueFlag,
} from "~/collab/commitment-doc.ts";
import { colorForUser, roomName } from "~/collab/protocol.ts";
import { CURRENT_REF, VERSION_NAME_MAX } from "~/components/drafting/forms.ts";
import type { CommitmentStatus, Sector, VersionKind } from "~/generated/prisma/enums.ts";
import es from "~/locales/es.ts";
import { recordActivity } from "~/models/activity.server.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/models/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can, type Actor, type CommitmentForPermission } from "~/utils/permissions.server.ts";
import {
  charactersByClient,
  deletionIndex,
  mapClients,
  mapValueClient,
  mapValueId,
  proseAttribution,
  proseItemIds,
  type ItemId,
} from "../../server/collab/attribution.ts";
import { loadOwners, storeServerUpdate, structClientIds } from "../../server/collab/authors.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { applyStoredState, readStoredState } from "../../server/collab/load.ts";
import { projectDraft } from "../../server/collab/project.ts";
import { restoreUpdate } from "../../server/collab/restore.ts";
import { createVersion, currentDocument } from "../../server/collab/versions.ts";

// The co-drafting history and workflow of a commitment, for the route actions and loaders:
// contributors and authorship, versions (list, view, named versions, compare, restore) and status
// changes (with their version, activity, approval fingerprint, and the live rooms told at once).
//
// The document itself lives in the collaboration server's tables (CollabUpdate, CollabSnapshot,
// CollabAuthor); the helpers that read and write it are in server/collab and are shared with the
// server process through the singletons of app/utils/singleton.server.ts (the database client,
// the hub that relays server-authored changes to live rooms, the seeding lock).
//
// Authorisation happens here, on the server, for every change: versions and restores take
// can.editCommitment (the drafting team or the secretariat, while it is a draft) — a named version
// may also be taken by the secretariat at any status —, status changes take
// can.changeCommitmentStatus along STATUS_FLOW.

export type DraftActor = NonNullable<Actor> & { name?: string };

type Failure = { ok: false; error: "not-found" | "forbidden" | "invalid" };

const room = (commitmentId: string) => roomName("commitment", commitmentId);

/** The commitment as the permission rules need it, with what history pages show. */
export async function getDraftCommitment(commitmentId: string) {
  const c = await prisma.commitment.findUnique({
    where: { id: commitmentId },
    select: {
      id: true,
      number: true,
      title: true,
      titleEn: true,
      status: true,
      approvedHash: true,
      approvedAt: true,
      plan: { select: { id: true, name: true, isDemo: true } },
      team: { select: { userId: true } },
    },
  });
  if (!c) return null;
  const { team, approvedAt, ...rest } = c;
  return { ...rest, approvedAt: approvedAt?.toISOString() ?? null, teamUserIds: team.map((m) => m.userId) };
}

export type DraftCommitment = NonNullable<Awaited<ReturnType<typeof getDraftCommitment>>>;

/** The commitment for a page under it, or a 404 thrown as a Response. */
export async function requireDraftCommitment(commitmentId: string | undefined): Promise<DraftCommitment> {
  const commitment = await getDraftCommitment(commitmentId ?? "");
  if (!commitment) throw new Response("No encontramos ese compromiso.", { status: 404 });
  return commitment;
}

// ---- authorship ----------------------------------------------------------------------------------

/** The client ids of the room's seed: the first update the server wrote (userId null). */
async function seedClientIds(commitmentId: string): Promise<Set<number>> {
  const first = await prisma.collabUpdate.findFirst({
    where: { room: room(commitmentId), userId: null },
    orderBy: { id: "asc" },
    select: { data: true },
  });
  return new Set(first ? structClientIds(Y.decodeUpdate(first.data)) : []);
}

export type AuthorKind = "person" | "seed" | "former";
export type AuthorInfo = {
  name: string;
  sector: Sector | null;
  color: string;
  userId: string | null;
  /** person: someone's words; seed: the commitment as the database held it when drafting
   * began; former: an account that no longer exists. */
  kind: AuthorKind;
};

const SEED_NAME = "Texto inicial del compromiso";
const FORMER_NAME = "Participante eliminado";
const NEUTRAL_COLOR = "#57534e";

/** Who owns each client id of a commitment's room. */
async function authorsOf(commitmentId: string): Promise<Map<number, AuthorInfo>> {
  const [rows, seed] = await Promise.all([
    prisma.collabAuthor.findMany({
      where: { room: room(commitmentId) },
      select: { clientId: true, userId: true, sector: true, user: { select: { name: true } } },
    }),
    seedClientIds(commitmentId),
  ]);
  return new Map(
    rows.map((row): [number, AuthorInfo] => {
      if (row.userId && row.user) {
        return [
          Number(row.clientId),
          {
            name: row.user.name,
            sector: row.sector,
            color: colorForUser(row.userId),
            userId: row.userId,
            kind: "person",
          },
        ];
      }
      const kind: AuthorKind = seed.has(Number(row.clientId)) ? "seed" : "former";
      return [
        Number(row.clientId),
        { name: kind === "seed" ? SEED_NAME : FORMER_NAME, sector: null, color: NEUTRAL_COLOR, userId: null, kind },
      ];
    }),
  );
}

/**
 * clientId → author, for the editor's "who wrote this" view (plain JSON: keys are the client ids
 * as strings). Seed and former entries carry Spanish names; `kind` lets the page translate them.
 */
export async function getAuthorMap(commitmentId: string): Promise<Record<string, AuthorInfo>> {
  const authors = await authorsOf(commitmentId);
  return Object.fromEntries([...authors].map(([clientId, author]) => [String(clientId), author]));
}

export type Contributor = {
  userId: string;
  name: string;
  sector: Sector | null;
  /** Characters of the current text this person wrote (still there, not deleted). */
  characters: number;
  /** Changes this person's editor stored (each a batch of keystrokes or an operation). */
  updates: number;
};

export type SectorContribution = { sector: Sector | null; people: number; characters: number; updates: number };

export type Contributors = {
  people: Contributor[];
  sectors: SectorContribution[];
  /** Characters of the current text that come from the commitment as it was before drafting. */
  seedCharacters: number;
  totalCharacters: number;
};

/**
 * Who wrote a commitment's draft, per person and per sector, with two measures:
 *   - characters: the live text each person wrote (every Yjs item's client id → CollabAuthor),
 *     so deleted or overwritten text no longer counts and a restore counts for the restorer;
 *   - updates: the stored changes each person made (CollabUpdate rows), a measure of activity.
 * Sectors are the ones recorded when each person wrote (their organisation's sector then).
 */
export async function getContributors(commitmentId: string): Promise<Contributors> {
  const name = room(commitmentId);
  const [{ snapshot, rows }, authors, groups] = await Promise.all([
    readStoredState(name),
    prisma.collabAuthor.findMany({
      where: { room: name },
      select: { clientId: true, userId: true, sector: true },
      orderBy: { createdAt: "asc" },
    }),
    prisma.collabUpdate.groupBy({
      by: ["userId", "sector"],
      where: { room: name, userId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const doc = new Y.Doc();
  let characters: Map<number, number>;
  try {
    applyStoredState(doc, snapshot, rows, () => {});
    characters = charactersByClient(doc);
  } finally {
    doc.destroy();
  }

  type Person = { characters: number; updates: number; sector: Sector | null };
  const people = new Map<string, Person>();
  const person = (userId: string) => {
    let entry = people.get(userId);
    if (!entry) {
      entry = { characters: 0, updates: 0, sector: null };
      people.set(userId, entry);
    }
    return entry;
  };
  const sectors = new Map<Sector | null, SectorContribution>();
  const sectorOf = (sector: Sector | null) => {
    let entry = sectors.get(sector);
    if (!entry) {
      entry = { sector, people: 0, characters: 0, updates: 0 };
      sectors.set(sector, entry);
    }
    return entry;
  };
  let seedCharacters = 0;
  let totalCharacters = 0;
  for (const author of authors) {
    const count = characters.get(Number(author.clientId)) ?? 0;
    totalCharacters += count;
    if (!author.userId) {
      seedCharacters += count;
      continue;
    }
    const entry = person(author.userId);
    entry.characters += count;
    if (author.sector) entry.sector = author.sector;
    if (count > 0) sectorOf(author.sector).characters += count;
  }
  for (const group of groups) {
    if (!group.userId) continue;
    const entry = person(group.userId);
    entry.updates += group._count._all;
    entry.sector ??= group.sector;
    sectorOf(group.sector).updates += group._count._all;
  }
  const users = await prisma.user.findMany({
    where: { id: { in: [...people.keys()] } },
    select: { id: true, name: true },
  });
  const names = new Map(users.map((user) => [user.id, user.name]));
  for (const entry of people.values()) sectorOf(entry.sector).people++;
  return {
    people: [...people]
      .map(([userId, entry]) => ({ userId, name: names.get(userId) ?? FORMER_NAME, ...entry }))
      .sort((a, b) => b.characters - a.characters || b.updates - a.updates || a.name.localeCompare(b.name)),
    sectors: [...sectors.values()].sort((a, b) => b.characters - a.characters || b.updates - a.updates),
    seedCharacters,
    totalCharacters,
  };
}

// ---- versions ------------------------------------------------------------------------------------

export type VersionSummary = {
  id: string;
  number: number;
  name: string;
  kind: VersionKind;
  createdAt: string;
  author: string | null;
};

export async function listVersions(commitmentId: string): Promise<VersionSummary[]> {
  const rows = await prisma.commitmentVersion.findMany({
    where: { commitmentId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, name: true, kind: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  return rows.map(({ createdBy, createdAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
    author: createdBy?.name ?? null,
  }));
}

/** A stored version's content (our own JSON, re-read through the same shape and clipping). */
function parseContent(json: string): DraftContent {
  const empty = new Y.Doc();
  const fallback = readDraft(empty);
  empty.destroy();
  try {
    const value = JSON.parse(json) as Partial<DraftContent>;
    return {
      prose: { ...fallback.prose, ...value.prose },
      fields: { ...fallback.fields, ...value.fields },
      milestones: Array.isArray(value.milestones) ? value.milestones : [],
      indicators: Array.isArray(value.indicators) ? value.indicators : [],
      actors: Array.isArray(value.actors) ? value.actors : [],
    };
  } catch {
    return fallback;
  }
}

/** One version of a commitment, with its content; null if it is not this commitment's. */
export async function getVersion(commitmentId: string, versionId: string) {
  const row = await prisma.commitmentVersion.findFirst({
    where: { id: versionId, commitmentId },
    select: {
      id: true,
      number: true,
      name: true,
      kind: true,
      createdAt: true,
      content: true,
      createdBy: { select: { name: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    kind: row.kind,
    createdAt: row.createdAt.toISOString(),
    author: row.createdBy?.name ?? null,
    content: parseContent(row.content),
  };
}

/** The current content of a commitment's draft (the stored document). */
export async function getCurrentContent(commitmentId: string): Promise<DraftContent> {
  const doc = await currentDocument(commitmentId);
  try {
    return readDraft(doc);
  } finally {
    doc.destroy();
  }
}

/** A named (MANUAL) version of the draft as it is now. */
export async function createNamedVersion(
  commitmentId: string,
  actor: DraftActor | null,
  name: string,
): Promise<{ ok: true; number: number } | Failure> {
  const commitment = await getDraftCommitment(commitmentId);
  if (!commitment) return { ok: false, error: "not-found" };
  if (!actor || !can.createVersion(actor, commitment)) return { ok: false, error: "forbidden" };
  const clean = name.trim();
  if (clean.length === 0 || clean.length > VERSION_NAME_MAX) return { ok: false, error: "invalid" };
  const version = await createVersion(commitmentId, { name: clean, kind: "MANUAL", userId: actor.id });
  return { ok: true, number: version.number };
}

// ---- compare -------------------------------------------------------------------------------------

/** Someone credited with inserted text: a person's name, or the seed / a deleted account. */
export type Credit = { name: string; kind: AuthorKind };

export type Segment = { type: "same" | "ins" | "del"; text: string; by: Credit[] };

export type FieldDiff =
  | { type: "text"; field: ProseField | ScalarField; group: "prose" | "fields"; changed: boolean; segments: Segment[] }
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
  const row = await prisma.commitmentVersion.findFirst({
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

/** A word-level diff, made readable: short common words between two changes join the change. */
export function wordChanges(from: string, to: string): { type: Segment["type"]; text: string }[] {
  const raw = diffWords(from, to).map((change) => ({
    type: change.added ? ("ins" as const) : change.removed ? ("del" as const) : ("same" as const),
    text: change.value,
  }));
  // "de", "en", " y " kept between a deletion and an insertion make a rewrite unreadable: fold
  // them into both sides.
  const folded = raw.flatMap((change, index) => {
    const between =
      index > 0 && index < raw.length - 1 && raw[index - 1]!.type !== "same" && raw[index + 1]!.type !== "same";
    if (change.type === "same" && between && change.text.trim().length <= 3) {
      return [
        { type: "del" as const, text: change.text },
        { type: "ins" as const, text: change.text },
      ];
    }
    return [change];
  });
  // Each run of changes becomes one deletion (the old text) followed by one insertion (the new).
  const result: { type: Segment["type"]; text: string }[] = [];
  let del = "";
  let ins = "";
  const flush = () => {
    if (del) result.push({ type: "del", text: del });
    if (ins) result.push({ type: "ins", text: ins });
    del = "";
    ins = "";
  };
  for (const change of folded) {
    if (change.type === "del") del += change.text;
    else if (change.type === "ins") ins += change.text;
    else {
      flush();
      result.push(change);
    }
  }
  flush();
  return result;
}

function textSegments(
  from: string,
  to: string,
  attribution: (index: number, length: number) => Credit[],
  deletion: (index: number, length: number) => Credit[],
): Segment[] {
  if (from === to) return to ? [{ type: "same", text: to, by: [] }] : [];
  const segments: Segment[] = [];
  let position = 0;
  let fromPosition = 0;
  for (const change of wordChanges(from, to)) {
    const length = change.text.length;
    if (change.type === "del") {
      segments.push({ type: "del", text: change.text, by: deletion(fromPosition, length) });
      fromPosition += length;
      continue;
    }
    segments.push(
      change.type === "ins"
        ? { type: "ins", text: change.text, by: attribution(position, length) }
        : { type: "same", text: change.text, by: [] },
    );
    position += length;
    if (change.type === "same") fromPosition += length;
  }
  return segments;
}

/**
 * Who deleted items of a commitment's room: the authors of the stored updates whose delete sets
 * hold them (see deletionIndex). Updates stored before `since` cannot have deleted anything the
 * older side still shows, so they are skipped (with a minute of slack for clocks).
 */
async function deletersOf(commitmentId: string, since: Date | null) {
  const rows = await prisma.collabUpdate.findMany({
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
      const segments = textSegments(
        before,
        after,
        () => creditsFor([mapValueClient(toFields, field)], authors),
        () => deletedBy([mapValueId(fromFields, field)]),
      );
      fields.push({ type: "text", field, group: "fields", changed: before !== after, segments });
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
        .filter((item): item is Y.Map<string> => item instanceof Y.Map);
      const fromMaps = listArray(from.doc, list)
        .toArray()
        .filter((item): item is Y.Map<string> => item instanceof Y.Map);
      // A removed (or rewritten) row: whoever deleted the row, or overwrote its values.
      const removedBy = (id: string | undefined) => {
        const map = fromMaps.find((candidate) => candidate.get("id") === id) as Y.Map<unknown> | undefined;
        if (!map?._item) return [];
        const ids: ItemId[] = [{ client: map._item.id.client, clock: map._item.id.clock }];
        for (const key of map.keys()) {
          const value = mapValueId(map, key);
          if (value) ids.push(value);
        }
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

// ---- restore -------------------------------------------------------------------------------------

/**
 * Restores a version as a new change by `actor` on top of the current draft (see
 * server/collab/restore.ts): stored as a CollabUpdate by the restoring person, relayed to
 * everyone connected, projected into the commitment's rows, and followed by a RESTORE version.
 */
export async function restoreVersion(
  commitmentId: string,
  versionId: string,
  actor: DraftActor | null,
): Promise<{ ok: true; restored: number; number: number; changed: boolean } | Failure> {
  const commitment = await getDraftCommitment(commitmentId);
  if (!commitment) return { ok: false, error: "not-found" };
  const version = await prisma.commitmentVersion.findFirst({
    where: { id: versionId, commitmentId },
    select: { number: true, state: true },
  });
  if (!version) return { ok: false, error: "not-found" };
  if (!actor || !can.restoreVersion(actor, commitment)) return { ok: false, error: "forbidden" };

  const current = await currentDocument(commitmentId);
  const target = new Y.Doc();
  let changed = false;
  try {
    Y.applyUpdate(target, version.state);
    const owners = await loadOwners(room(commitmentId));
    const update = restoreUpdate(current, target, new Set(owners.keys()));
    if (update) {
      changed = true;
      await storeServerUpdate(room(commitmentId), update, {
        userId: actor.id,
        sector: actor.memberships[0]?.sector ?? null,
      });
      await projectDraft(commitmentId, readDraft(current));
    }
  } finally {
    current.destroy();
    target.destroy();
  }
  const created = await createVersion(commitmentId, {
    name: String(version.number),
    kind: "RESTORE",
    userId: actor.id,
  });
  await recordActivity({
    kind: "commitment.restored",
    actorId: actor.id,
    subjectType: "commitment",
    subjectId: commitmentId,
    summary: `Se restauró la versión ${version.number} del compromiso ${commitment.number}${titleSuffix(commitment)}.`,
  });
  return { ok: true, restored: version.number, number: created.number, changed };
}

// ---- workflow ------------------------------------------------------------------------------------

/** The moves of the workflow: draft → consultation → agreed in the forum → approved (frozen). */
export const STATUS_FLOW: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = {
  DRAFT: ["IN_CONSULTATION"],
  IN_CONSULTATION: ["DRAFT", "AGREED"],
  AGREED: ["IN_CONSULTATION", "APPROVED"],
  APPROVED: [],
};

/** The statuses `actor` may move the commitment to now. */
export function statusOptions(actor: Actor, commitment: CommitmentForPermission): CommitmentStatus[] {
  return STATUS_FLOW[commitment.status].filter((to) => can.changeCommitmentStatus(actor, commitment, to));
}

/** SHA-256 (hex) of the canonical JSON of a draft's content: the approval fingerprint. */
export function contentHash(content: DraftContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}

function titleSuffix(commitment: { title: string | null; titleEn: string | null }): string {
  const title = commitment.title ?? commitment.titleEn;
  return title ? ` «${title.length > 80 ? `${title.slice(0, 79)}…` : title}»` : "";
}

/**
 * Moves a commitment along the workflow. Leaving DRAFT ends everyone's edit rights: the live
 * rooms re-check their connections at once (editors are closed with PERMISSIONS_CHANGED and come
 * back read-only) and the updates they had accepted are stored before the STATUS version is
 * taken. Approval records the SHA-256 of the canonical content of that version.
 */
export async function changeStatus(
  commitmentId: string,
  to: CommitmentStatus,
  actor: DraftActor | null,
): Promise<{ ok: true; version: number; approvedHash: string | null } | Failure> {
  const commitment = await getDraftCommitment(commitmentId);
  if (!commitment) return { ok: false, error: "not-found" };
  const from = commitment.status;
  if (!STATUS_FLOW[from].includes(to)) return { ok: false, error: "invalid" };
  if (!actor || !can.changeCommitmentStatus(actor, commitment, to)) return { ok: false, error: "forbidden" };

  let approvedHash: string | null = null;
  let versionNumber: number;
  if (to === "APPROVED") {
    // Nobody can edit an agreed commitment, so the content cannot move between the version, the
    // projection and the approval.
    const version = await createVersion(commitmentId, { name: to, kind: "STATUS", userId: actor.id });
    versionNumber = version.number;
    await projectDraft(commitmentId, version.content);
    approvedHash = contentHash(version.content);
    const hash = approvedHash;
    const moved = await prisma.$transaction(async (tx) => {
      const result = await tx.commitment.updateMany({
        where: { id: commitmentId, status: from },
        data: { status: to, approvedHash: hash, approvedAt: new Date() },
      });
      if (result.count > 0) {
        await appendAct(tx, {
          kind: "commitment.approved",
          subjectType: "commitment",
          subjectId: commitmentId,
          commitmentId,
          actorId: actor.id,
          sector: actor.memberships[0]?.sector ?? null,
          data: { from, to, version: versionNumber, contentSha256: hash },
        });
      }
      return result;
    }, LEDGER_TRANSACTION);
    if (moved.count === 0) return { ok: false, error: "invalid" };
    await eventBus().publishAndWait("collab.access", { room: room(commitmentId) });
  } else {
    const moved = await prisma.$transaction(async (tx) => {
      const result = await tx.commitment.updateMany({
        where: { id: commitmentId, status: from },
        data: { status: to },
      });
      if (result.count > 0) {
        await appendAct(tx, {
          kind: "commitment.status",
          subjectType: "commitment",
          subjectId: commitmentId,
          commitmentId,
          actorId: actor.id,
          sector: actor.memberships[0]?.sector ?? null,
          data: { from, to },
        });
      }
      return result;
    }, LEDGER_TRANSACTION);
    if (moved.count === 0) return { ok: false, error: "invalid" };
    await eventBus().publishAndWait("collab.access", { room: room(commitmentId) });
    const version = await createVersion(commitmentId, { name: to, kind: "STATUS", userId: actor.id });
    versionNumber = version.number;
    await projectDraft(commitmentId, version.content);
  }
  await recordActivity({
    kind: "commitment.status",
    actorId: actor.id,
    subjectType: "commitment",
    subjectId: commitmentId,
    summary: `El compromiso ${commitment.number}${titleSuffix(commitment)} pasó a «${es.commitmentStatus[to]}».`,
  });
  publish(`commitment:${commitmentId}`, "commitment.status", { status: to, version: versionNumber });
  return { ok: true, version: versionNumber, approvedHash };
}
