import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  canonicalJson,
  documentShape,
  fieldsMap,
  listArray,
  readDraft,
  TEXT_COLUMNS,
  TEXT_FIELDS,
  type DraftContent,
  type ListField,
} from "../../app/drafting/document.ts";
import { hasReplacedValueWrites, legacyTexts } from "../../app/drafting/shape.ts";
import { CLOSE } from "~/collab/protocol.ts";
import type * as AuthorshipModule from "../../app/drafting/authorship.server.ts";
import type * as CompareModule from "../../app/drafting/compare.server.ts";
import type * as HistoryModule from "../../app/drafting/history.server.ts";
import type * as WorkflowModule from "../../app/drafting/workflow.server.ts";
import type * as StoredStateModule from "../../app/drafting/stored-state.server.ts";
import type * as SessionModule from "~/utils/session.server.ts";
import { setupCollabTest, type TestClient, type TestUser } from "../support/collab-server.ts";
import { waitFor } from "../support/wait.ts";

// Decision 020 against documents stored in the shape before it (decision 007: short texts as plain
// strings), taken from tests/fixtures/shape-1 (written with main's document functions): the
// upgrade on load (one server-authored change, every converted text still its author's), versions,
// comparisons, restores and the approval hash of an approved commitment (never rewritten), and old
// clients (an offline copy in the old shape): their edits converted into Y.Text changes, merged
// with what others wrote meanwhile, and a RELOAD close.

type FixtureRow = { author: "seed" | "ana" | "beto" | "carla"; clientId: number; data: string };
type Fixture = {
  draft: {
    rows: FixtureRow[];
    version: { state: string; content: string };
    offline: { clientId: number; state: string; edits: string; content: DraftContent };
    content: DraftContent;
  };
  approved: {
    rows: FixtureRow[];
    version: { state: string; content: string };
    content: DraftContent;
    approvedHash: string;
  };
};

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(path.join(here, "../fixtures/shape-1/documents.json"), "utf8")) as Fixture;
const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, "base64"));

let t: Awaited<ReturnType<typeof setupCollabTest>>;
let draft: typeof AuthorshipModule & typeof CompareModule & typeof HistoryModule & typeof WorkflowModule;
let stored: typeof StoredStateModule;
let sessions: typeof SessionModule;
let people: Record<"ana" | "beto" | "carla", TestUser>;
let themeId: string;

beforeAll(async () => {
  t = await setupCollabTest();
  draft = {
    ...(await import("../../app/drafting/authorship.server.ts")),
    ...(await import("../../app/drafting/compare.server.ts")),
    ...(await import("../../app/drafting/history.server.ts")),
    ...(await import("../../app/drafting/workflow.server.ts")),
  };
  stored = await import("../../app/drafting/stored-state.server.ts");
  sessions = await import("~/utils/session.server.ts");
  people = {
    ana: await t.createUser({ name: "Ana", sector: "CIVIL_SOCIETY" }),
    beto: await t.createUser({ name: "Beto", sector: "PUBLIC_SECTOR" }),
    carla: await t.createUser({ name: "Carla", sector: "ACADEMIA" }),
  };
  const theme = await t.prisma.theme.create({ data: { planId: "plan-test", name: "Salud", position: 1 } });
  themeId = theme.id;
});

afterEach(async () => {
  await t?.cleanup();
});

afterAll(async () => {
  await t?.dispose();
});

const sectorOf = { ana: "CIVIL_SOCIETY", beto: "PUBLIC_SECTOR", carla: "ACADEMIA" } as const;

/** A commitment whose room holds the fixture's stored updates, authors and version, as main left it. */
async function storedInShapeOne(
  which: "draft" | "approved",
  options: { status?: "DRAFT" | "APPROVED"; approvedHash?: string } = {},
) {
  const commitment = await t.createCommitment({
    team: [people.ana, people.beto, people.carla],
    status: options.status ?? "DRAFT",
    data: { themeId, policyArea: "Health", approvedHash: options.approvedHash ?? null },
  });
  const source = fixture[which];
  for (const row of source.rows) {
    const person = row.author === "seed" ? null : people[row.author];
    await t.prisma.collabUpdate.create({
      data: {
        room: commitment.room,
        data: bytes(row.data),
        userId: person?.id ?? null,
        sector: row.author === "seed" ? null : sectorOf[row.author],
      },
    });
    await t.prisma.collabAuthor.create({
      data: {
        room: commitment.room,
        clientId: BigInt(row.clientId),
        userId: person?.id ?? null,
        sector: row.author === "seed" ? null : sectorOf[row.author],
      },
    });
  }
  const version = await t.prisma.commitmentVersion.create({
    data: {
      commitmentId: commitment.id,
      number: 1,
      name: which === "approved" ? "APPROVED" : "Antes del cambio de formato",
      kind: which === "approved" ? "STATUS" : "MANUAL",
      state: bytes(source.version.state),
      content: source.version.content,
      createdById: people.ana.id,
    },
  });
  return { ...commitment, versionId: version.id };
}

/** The room's document as the database holds it. */
async function storedDocument(room: string): Promise<Y.Doc> {
  const { snapshot, rows } = await stored.readStoredState(room);
  const doc = new Y.Doc();
  stored.applyStoredState(doc, snapshot, rows, (error) => {
    throw error;
  });
  return doc;
}

/** Content without what shape 2 adds, to compare with what main's readDraft gave. */
function asShapeOne(content: DraftContent): DraftContent {
  const { shape: _shape, classification: _classification, ...rest } = content;
  return rest;
}

/** A stock y-websocket client whose document starts as `state` (an offline copy) before it connects. */
function withCopy(
  server: Awaited<ReturnType<typeof t.startServer>>,
  room: string,
  user: TestUser | null,
  state: Uint8Array,
) {
  const client = t.connect(server, room, user, { connect: false });
  Y.applyUpdate(client.doc, state);
  client.provider.connect();
  return client;
}

/** The Y.Text at a text key (fields, or a list item's column). */
function textAt(doc: Y.Doc, list: ListField | null, key: string, index = 0): Y.Text {
  const value = list === null ? fieldsMap(doc).get(key) : listArray(doc, list).get(index).get(key);
  if (!(value instanceof Y.Text)) throw new Error(`${list ?? "fields"}.${key} is not a Y.Text: ${String(value)}`);
  return value;
}

/** Who wrote the characters of a Y.Text: the names of the owners of their client ids. */
async function writersOf(commitmentId: string, text: Y.Text): Promise<Set<string>> {
  const authors = await draft.authorsOf(commitmentId);
  const names = new Set<string>();
  for (let item = text._start; item; item = item.right) {
    if (item.deleted) continue;
    const author = authors.get(item.id.client);
    names.add(author ? (author.kind === "person" ? author.name : author.kind) : `unknown ${item.id.client}`);
  }
  return names;
}

/** Every text key of a document holds a Y.Text (none is a plain string). */
function allTexts(doc: Y.Doc): boolean {
  const fields = fieldsMap(doc);
  if (!TEXT_FIELDS.every((key) => fields.get(key) instanceof Y.Text)) return false;
  return (Object.keys(TEXT_COLUMNS) as ListField[]).every((list) =>
    listArray(doc, list)
      .toArray()
      .every((item) => TEXT_COLUMNS[list].every((key) => item.get(key) instanceof Y.Text)),
  );
}

async function actorOf(user: TestUser) {
  return (await sessions.validateSessionToken(user.token))!.user;
}

describe("a draft stored in shape 1", () => {
  it("is upgraded on load by one server-authored change that keeps every text's author", async () => {
    const commitment = await storedInShapeOne("draft");
    const contributorsBefore = await draft.getContributors(commitment.id);
    const rowsBefore = await t.rowsFor(commitment.room, { serverRows: true });

    const server = await t.startServer();
    const reader = await t.connectSynced(server, commitment.room, null);

    // One new row, written by the server (userId null), after the stored ones.
    const rows = await t.rowsFor(commitment.room, { serverRows: true });
    expect(rows).toHaveLength(rowsBefore.length + 1);
    expect(rows.at(-1)!.userId).toBeNull();

    // The stored document is in shape 2: every short text a Y.Text, nothing else changed.
    const doc = await storedDocument(commitment.room);
    expect(documentShape(doc)).toBe(2);
    expect(legacyTexts(doc)).toEqual([]);
    expect(allTexts(doc)).toBe(true);
    const content = readDraft(doc);
    expect(asShapeOne(content)).toEqual(fixture.draft.content);
    expect(content).toMatchObject({ shape: 2, classification: { theme: themeId, policyArea: "Health" } });
    expect(readDraft(reader.doc)).toEqual(content);

    // Each converted text is its author's, not the system's: the one who wrote the string.
    expect(await writersOf(commitment.id, textAt(doc, null, "contactName"))).toEqual(new Set(["Ana"]));
    expect(await writersOf(commitment.id, textAt(doc, null, "contactEmail"))).toEqual(new Set(["Beto"]));
    expect(await writersOf(commitment.id, textAt(doc, null, "leadInstitution"))).toEqual(new Set(["seed"]));
    expect(await writersOf(commitment.id, textAt(doc, "milestones", "description"))).toEqual(new Set(["Ana"]));
    expect(await writersOf(commitment.id, textAt(doc, "milestones", "output"))).toEqual(new Set(["seed"]));
    expect(await writersOf(commitment.id, textAt(doc, "milestones", "description", 1))).toEqual(new Set(["Ana"]));
    expect(await writersOf(commitment.id, textAt(doc, "indicators", "name"))).toEqual(new Set(["Beto"]));
    expect(await writersOf(commitment.id, textAt(doc, "actors", "role"))).toEqual(new Set(["Beto"]));
    expect(await writersOf(commitment.id, textAt(doc, "actors", "name"))).toEqual(new Set(["seed"]));
    // …with the sector each had when they wrote it.
    const owners = await t.prisma.collabAuthor.findMany({ where: { room: commitment.room } });
    const ownerOf = (client: number) => owners.find((row) => Number(row.clientId) === client);
    expect(ownerOf(textAt(doc, null, "contactName")._start!.id.client)).toMatchObject({
      userId: people.ana.id,
      sector: "CIVIL_SOCIETY",
    });

    // The contributors panel counts the same characters for each person as before.
    const contributors = await draft.getContributors(commitment.id);
    const byPerson = (c: typeof contributors) =>
      c.people.map(({ name, sector, characters, updates }) => ({ name, sector, characters, updates }));
    expect(byPerson(contributors)).toEqual(byPerson(contributorsBefore));
    // The initial text gains only the theme and policy area the document now holds.
    expect(contributors.seedCharacters).toBe(contributorsBefore.seedCharacters + themeId.length + "Health".length);

    // Loading the room again (another server) does not upgrade again.
    const other = await t.startServer();
    await t.connectSynced(other, commitment.room, people.ana);
    expect(await t.rowsFor(commitment.room, { serverRows: true })).toHaveLength(rows.length);
  });

  it("keeps its versions readable, comparable and restorable", async () => {
    const commitment = await storedInShapeOne("draft");
    const server = await t.startServer({ projectDelayMs: 20 });
    const ana = await t.connectSynced(server, commitment.room, people.ana);

    // The version stored before the change reads as it was stored.
    const old = await draft.getVersion(commitment.id, commitment.versionId);
    expect(old?.content).toEqual(JSON.parse(fixture.draft.version.content));
    expect(old?.content.shape).toBeUndefined();

    // Nothing changed since that version: the comparison says so, field by field.
    const same = await draft.compareDrafts(commitment.id, commitment.versionId, "actual");
    expect(same?.changed).toBe(0);

    // Ana types into the contact's name (a Y.Text now); the comparison credits her words.
    textAt(ana.doc, null, "contactName").insert(0, "Dra. ");
    // Ana and Beto stored two updates in the fixture; this is the third.
    await waitFor(async () => (await t.rowsFor(commitment.room)).length === 3, "stored");
    const compared = await draft.compareDrafts(commitment.id, commitment.versionId, "actual");
    const contact = compared?.fields.find((field) => field.field === "contactName");
    expect(contact?.changed).toBe(true);
    expect(contact?.type === "text" && contact.segments.filter((s) => s.type === "ins")).toEqual([
      { type: "ins", text: "Dra. ", by: [{ name: "Ana", kind: "person" }] },
    ]);
    expect(compared?.changed).toBe(1);

    // Restoring the old version brings the text back, as Y.Text edits: the document stays in shape 2.
    const restored = await draft.restoreVersion(commitment.id, commitment.versionId, await actorOf(people.beto));
    expect(restored).toMatchObject({ ok: true, changed: true });
    await waitFor(() => readDraft(ana.doc).fields.contactName === "Ana María Flores", "restore relayed");
    const doc = await storedDocument(commitment.room);
    expect(documentShape(doc)).toBe(2);
    expect(allTexts(doc)).toBe(true);
    expect(asShapeOne(readDraft(doc))).toEqual(fixture.draft.content);
    // The characters the restore kept are still Ana's (a character diff, not a rewrite).
    expect(await writersOf(commitment.id, textAt(doc, null, "contactName"))).toEqual(new Set(["Ana"]));
  });
});

describe("an approved commitment stored in shape 1", () => {
  it("is never rewritten, and its approval hash still verifies", async () => {
    const commitment = await storedInShapeOne("approved", {
      status: "APPROVED",
      approvedHash: fixture.approved.approvedHash,
    });
    const server = await t.startServer();
    const reader = await t.connectSynced(server, commitment.room, null);
    await t.connectSynced(server, commitment.room, people.ana);

    expect(await t.rowsFor(commitment.room, { serverRows: true })).toHaveLength(fixture.approved.rows.length);
    const doc = await storedDocument(commitment.room);
    expect(documentShape(doc)).toBe(1);
    expect(readDraft(doc)).toEqual(fixture.approved.content);
    expect(readDraft(reader.doc)).toEqual(fixture.approved.content);
    expect(draft.contentHash(readDraft(doc))).toBe(fixture.approved.approvedHash);
    expect(await draft.verifyApproval(commitment.id)).toEqual({
      ok: true,
      hash: fixture.approved.approvedHash,
      shape: 1,
    });
    // Reading it for the history pages does not upgrade it either.
    expect(await draft.getCurrentContent(commitment.id)).toEqual(fixture.approved.content);
    expect(await t.rowsFor(commitment.room, { serverRows: true })).toHaveLength(fixture.approved.rows.length);
  });

  it("a new approval fingerprints content that names its shape", async () => {
    const admin = await t.createUser({ name: "Secretaría", role: "ADMIN" });
    const commitment = await t.createCommitment({ team: [people.ana], status: "AGREED" });
    const server = await t.startServer();
    const reader = await t.connectSynced(server, commitment.room, null);
    const approved = await draft.changeStatus(commitment.id, "APPROVED", await actorOf(admin));
    expect(approved.ok).toBe(true);
    const content = readDraft(reader.doc);
    expect(content.shape).toBe(2);
    expect(canonicalJson(content)).toContain('"shape":2');
    expect(approved.ok && approved.approvedHash).toBe(draft.contentHash(content));
    const act = await t.prisma.ledgerEntry.findFirst({
      where: { subjectId: commitment.id, kind: "commitment.approved" },
    });
    expect(JSON.parse(act!.data)).toMatchObject({ contentSha256: draft.contentHash(content), documentShape: 2 });
    expect(await draft.verifyApproval(commitment.id)).toMatchObject({ ok: true, shape: 2 });
  });
});

describe("a client holding the old shape", () => {
  it("gets RELOAD, and the edits of its offline copy are merged in as Y.Text changes", async () => {
    const commitment = await storedInShapeOne("draft");
    const server = await t.startServer();
    // Upgraded on load; meanwhile Ana and Beto type into the texts Carla changed offline.
    const ana = await t.connectSynced(server, commitment.room, people.ana);
    const beto = await t.connectSynced(server, commitment.room, people.beto);
    textAt(ana.doc, null, "contactName").insert(0, "Dra. ");
    const contact = textAt(beto.doc, null, "contactName");
    contact.insert(contact.length, " (MINSA)");
    textAt(beto.doc, "milestones", "description").insert(0, "[B] ");
    await waitFor(
      () => readDraft(beto.doc).fields.contactName === "Dra. Ana María Flores (MINSA)",
      "both edits relayed",
    );
    const rowsBefore = (await t.rowsFor(commitment.room, { serverRows: true })).length;

    // Carla's browser kept her copy from before the upgrade, with edits made without a connection.
    const carla = withCopy(server, commitment.room, people.carla, bytes(fixture.draft.offline.state));
    await waitFor(() => carla.closes.some((close) => close.code === CLOSE.RELOAD.code), "RELOAD");
    expect(carla.closes.map((close) => close.code)).toEqual([CLOSE.RELOAD.code]);

    // Stored: her update without its plain-string writes, and their conversion, both hers.
    const rows = await t.rowsFor(commitment.room, { serverRows: true });
    expect(rows.slice(rowsBefore).map((row) => row.userId)).toEqual([people.carla.id, people.carla.id]);

    const doc = await storedDocument(commitment.room);
    expect(legacyTexts(doc)).toEqual([]);
    expect(allTexts(doc)).toBe(true);
    const content = readDraft(doc);
    // Everyone's words are kept: Ana's, Beto's and Carla's (her " Quispe" lands next to Beto's
    // " (MINSA)": both were typed at the end of the same text).
    expect(content.fields.contactName.startsWith("Dra. Ana María Flores")).toBe(true);
    expect(content.fields.contactName).toContain(" Quispe");
    expect(content.fields.contactName).toContain(" (MINSA)");
    expect(content.fields.contactName).toHaveLength("Dra. Ana María Flores Quispe (MINSA)".length);
    expect(content.milestones[0]!.description).toBe("[B] Definir el conjunto de datos abiertos y su diccionario");
    expect(content.milestones[1]!.output).toBe("Tablero en línea");
    expect(content.actors[0]!.name).toBe("Colectivo de Apoyo Ciudadano");
    expect(content.indicators[1]).toEqual({
      id: "fx-i2",
      kind: "ACTIVITY",
      name: "Talleres con usuarios",
      unit: "talleres",
      baseline: "0",
      target: "4",
      dueDate: "",
    });
    // The words each person added are theirs.
    const writers = await writersOf(commitment.id, textAt(doc, null, "contactName"));
    expect(writers).toEqual(new Set(["Ana", "Beto", "Carla"]));
    expect(await writersOf(commitment.id, textAt(doc, "actors", "name"))).toEqual(new Set(["seed", "Carla"]));

    // The others converge on it; so does Carla's editor once it reloads (a fresh copy).
    await waitFor(() => canonicalJson(readDraft(ana.doc)) === canonicalJson(content), "Ana converged");
    await waitFor(() => canonicalJson(readDraft(beto.doc)) === canonicalJson(content), "Beto converged");
    const reloaded = await t.connectSynced(server, commitment.room, people.carla);
    expect(readDraft(reloaded.doc)).toEqual(content);
    expect(reloaded.closes).toEqual([]);

    // An old editor that reloads without dropping its copy is told again, and nothing is applied twice.
    const again = withCopy(server, commitment.room, people.carla, bytes(fixture.draft.offline.state));
    await waitFor(() => again.closes.some((close) => close.code === CLOSE.RELOAD.code), "RELOAD again");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readDraft(await storedDocument(commitment.room))).toEqual(content);
  });

  it("closes a reader's old copy with RELOAD and stores nothing", async () => {
    const commitment = await storedInShapeOne("draft");
    const server = await t.startServer();
    await t.connectSynced(server, commitment.room, people.ana);
    const rowsBefore = (await t.rowsFor(commitment.room, { serverRows: true })).length;
    const visitor = withCopy(server, commitment.room, null, bytes(fixture.draft.offline.state));
    await waitFor(() => visitor.closes.some((close) => close.code === CLOSE.RELOAD.code), "RELOAD");
    expect(visitor.provider.synced).toBe(false);
    expect(await t.rowsFor(commitment.room, { serverRows: true })).toHaveLength(rowsBefore);
  });

  it("converts an old copy merged in after connecting, and the editor can tell its copy diverged", async () => {
    const commitment = await storedInShapeOne("draft");
    const server = await t.startServer();
    const ana = await t.connectSynced(server, commitment.room, people.ana);
    textAt(ana.doc, null, "contactName").insert(0, "Dra. ");
    // An old-shape copy: edits written the way shape 1 wrote them (a plain string over the value
    // the copy had), by a replica whose client id sorts after the upgrade's, so that in a document
    // that already holds the Y.Text its strings win and keep their text. (A string that sorts
    // before loses at once, and with garbage collection its text is gone from that copy: that is
    // why the editor loads its local copy before it connects.)
    const old = new Y.Doc();
    old.clientID = 0xfffffff0;
    for (const row of fixture.draft.rows) Y.applyUpdate(old, bytes(row.data));
    fieldsMap(old).set("contactName", "Ana María Flores Quispe");
    listArray(old, "milestones").get(0).set("description", "Definir el conjunto de datos abiertos y su diccionario");

    // A client that synced first (it holds the new shape), then merges the old copy into its document.
    const late: TestClient = await t.connectSynced(server, commitment.room, people.carla);
    await waitFor(() => readDraft(late.doc).fields.contactName === "Dra. Ana María Flores", "synced");
    Y.applyUpdate(late.doc, Y.encodeStateAsUpdate(old));
    await waitFor(() => late.closes.some((close) => close.code === CLOSE.RELOAD.code), "RELOAD");

    const content = readDraft(await storedDocument(commitment.room));
    expect(content.fields.contactName).toBe("Dra. Ana María Flores Quispe");
    expect(content.milestones[0]!.description).toBe("Definir el conjunto de datos abiertos y su diccionario");
    expect(legacyTexts(await storedDocument(commitment.room))).toEqual([]);
    await waitFor(() => canonicalJson(readDraft(ana.doc)) === canonicalJson(content), "Ana converged");
    // Its local copy now differs from the server's (the server cut the plain strings out): the
    // editor recognises such a copy and drops it; a copy synced from the server is not one.
    expect(hasReplacedValueWrites(late.doc)).toBe(true);
    expect(hasReplacedValueWrites(ana.doc)).toBe(false);
  });
});
