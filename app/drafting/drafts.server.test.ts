import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { fieldsMap, proseFragment, readDraft, setFragmentText, type ProseField } from "./document.ts";
import type * as AuthorsModule from "./authors.server.ts";
import { setupCollabTest, type TestUser } from "../../tests/support/collab-server.ts";
import type * as VersionsModule from "./versions.server.ts";
import type * as SessionModule from "~/utils/session.server.ts";
import type * as DraftsModule from "./drafts.server.ts";
import type * as HistoryModule from "./history.server.ts";
import type * as CompareModule from "./compare.server.ts";
import type * as AuthorshipModule from "./authorship.server.ts";
import type * as WorkflowModule from "./workflow.server.ts";
/** The drafting domain's history functions, as one object for the tests. */
type DraftModule = typeof DraftsModule &
  typeof HistoryModule &
  typeof CompareModule &
  typeof AuthorshipModule &
  typeof WorkflowModule;

// The history and workflow rules without sockets: versions, compare (with authors), restore and
// every refusal, on the per-file SQLite database. Edits are stored as a person's client would
// store them: an update from a document with its own client id, recorded with its author.

let t: Awaited<ReturnType<typeof setupCollabTest>>;
let draft: DraftModule;
let sessions: typeof SessionModule;
let authors: typeof AuthorsModule;
let versions: typeof VersionsModule;

beforeAll(async () => {
  t = await setupCollabTest();
  draft = {
    ...(await import("./drafts.server.ts")),
    ...(await import("./history.server.ts")),
    ...(await import("./compare.server.ts")),
    ...(await import("./authorship.server.ts")),
    ...(await import("./workflow.server.ts")),
  };
  sessions = await import("~/utils/session.server.ts");
  authors = await import("./authors.server.ts");
  versions = await import("./versions.server.ts");
});

afterAll(async () => {
  await t?.dispose();
});

async function actorOf(user: TestUser) {
  return (await sessions.validateSessionToken(user.token))!.user;
}

/** Stores an edit by `user`, as their editor would: a new client id on top of the stored state. */
async function edit(commitmentId: string, user: TestUser, change: (doc: Y.Doc) => void) {
  const doc = await versions.currentDocument(commitmentId);
  doc.clientID = Math.floor(Math.random() * 0x7fffffff);
  const before = Y.encodeStateVector(doc);
  change(doc);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  const actor = await actorOf(user);
  await authors.storeServerUpdate(`commitment/${commitmentId}`, update, {
    userId: user.id,
    sector: actor.memberships[0]?.sector ?? null,
  });
}

const setProse = (field: ProseField, text: string) => (doc: Y.Doc) =>
  doc.transact(() => setFragmentText(proseFragment(doc, field), text));

describe("named versions", () => {
  it("are numbered per commitment and refused to people outside the team", async () => {
    const member = await t.createUser({ name: "Integrante" });
    const citizen = await t.createUser({ name: "Ciudadana" });
    const admin = await t.createUser({ name: "Secretaría", role: "ADMIN" });
    const { id } = await t.createCommitment({ team: [member], data: { problem: "Problema inicial." } });
    const other = await t.createCommitment({ team: [member] });

    expect(await draft.createNamedVersion(id, await actorOf(member), "Primera")).toEqual({ ok: true, number: 1 });
    expect(await draft.createNamedVersion(id, await actorOf(admin), "De la secretaría")).toEqual({
      ok: true,
      number: 2,
    });
    expect(await draft.createNamedVersion(other.id, await actorOf(member), "Otra")).toEqual({ ok: true, number: 1 });
    expect(await draft.createNamedVersion(id, await actorOf(citizen), "Ajena")).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await draft.createNamedVersion(id, null, "Anónima")).toEqual({ ok: false, error: "forbidden" });
    expect(await draft.createNamedVersion(id, await actorOf(member), "   ")).toEqual({ ok: false, error: "invalid" });
    expect(await draft.createNamedVersion("no-such-commitment", await actorOf(member), "x")).toEqual({
      ok: false,
      error: "not-found",
    });
    const list = await draft.listVersions(id);
    expect(list.map((v) => [v.number, v.name, v.kind, v.author])).toEqual([
      [2, "De la secretaría", "MANUAL", "Secretaría"],
      [1, "Primera", "MANUAL", "Integrante"],
    ]);
    const version = await draft.getVersion(id, list[1]!.id);
    expect(version?.content.prose.problem).toBe("Problema inicial.");
    // A version is only found under its own commitment.
    expect(await draft.getVersion(other.id, list[1]!.id)).toBeNull();

    // Once it left DRAFT, the team no longer takes versions; the secretariat still may.
    await t.prisma.commitment.update({ where: { id }, data: { status: "IN_CONSULTATION" } });
    expect(await draft.createNamedVersion(id, await actorOf(member), "Tarde")).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await draft.createNamedVersion(id, await actorOf(admin), "Revisión")).toMatchObject({ ok: true });
  });
});

describe("compare", () => {
  it("marks insertions and deletions per field and names who wrote the inserted text", async () => {
    const ana = await t.createUser({ name: "Ana Quispe", sector: "CIVIL_SOCIETY" });
    const beto = await t.createUser({ name: "Beto Rojas", sector: "PUBLIC_SECTOR" });
    const { id } = await t.createCommitment({
      team: [ana, beto],
      data: { problem: "Las familias no encuentran la información.", contactName: "Ana" },
    });
    await draft.createNamedVersion(id, await actorOf(ana), "Base");
    await edit(id, ana, setProse("problem", "Las familias de todo el país no encuentran la información escolar."));
    await edit(id, beto, (doc) => {
      fieldsMap(doc).set("contactName", "Beto Rojas");
      fieldsMap(doc).set("valueTechnology", true);
      doc.getArray<Y.Map<string>>("milestones").push([
        (() => {
          const m = new Y.Map<string>();
          for (const [k, v] of Object.entries({ id: "m-1", description: "Taller con familias", output: "Acta" }))
            m.set(k, v);
          return m;
        })(),
      ]);
    });
    await draft.createNamedVersion(id, await actorOf(beto), "Después");
    const [after, base] = await draft.listVersions(id);

    const comparison = (await draft.compareDrafts(id, base!.id, after!.id))!;
    expect(comparison.from).toMatchObject({ number: 1, name: "Base" });
    expect(comparison.to).toMatchObject({ number: 2, name: "Después" });
    const problem = comparison.fields.find((f) => f.field === "problem")!;
    expect(problem.changed).toBe(true);
    if (problem.type !== "text") throw new Error("text expected");
    const inserted = problem.segments.filter((s) => s.type === "ins");
    expect(inserted.map((s) => s.text.trim())).toEqual(["de todo el país", "escolar"]);
    expect(inserted.every((s) => s.by.length === 1 && s.by[0]!.name === "Ana Quispe")).toBe(true);
    expect(
      problem.segments
        .filter((s) => s.type !== "del")
        .map((s) => s.text)
        .join(""),
    ).toBe("Las familias de todo el país no encuentran la información escolar.");

    const contact = comparison.fields.find((f) => f.field === "contactName")!;
    if (contact.type !== "text") throw new Error("text expected");
    expect(contact.segments.filter((s) => s.type === "del").map((s) => s.text)).toEqual(["Ana"]);
    expect(contact.segments.find((s) => s.type === "ins")).toMatchObject({
      text: "Beto Rojas",
      by: [{ name: "Beto Rojas", kind: "person" }],
    });
    const flag = comparison.fields.find((f) => f.field === "valueTechnology")!;
    expect(flag).toMatchObject({ type: "flag", changed: true, from: null, to: true, by: [{ name: "Beto Rojas" }] });
    const milestones = comparison.fields.find((f) => f.field === "milestones")!;
    expect(milestones).toMatchObject({
      type: "list",
      changed: true,
      rows: [
        { type: "ins", values: { description: "Taller con familias", output: "Acta" }, by: [{ name: "Beto Rojas" }] },
      ],
    });
    expect(comparison.fields.find((f) => f.field === "baseline")?.changed).toBe(false);
    expect(comparison.changed).toBe(4);

    // Against the current state, and the seed's text is credited to the commitment's origin.
    const current = (await draft.compareDrafts(id, after!.id, draft.CURRENT_REF))!;
    expect(current.changed).toBe(0);
    const reverse = (await draft.compareDrafts(id, after!.id, base!.id))!;
    const reversed = reverse.fields.find((f) => f.field === "contactName")!;
    if (reversed.type !== "text") throw new Error("text expected");
    expect(reversed.segments.find((s) => s.type === "ins")?.by).toEqual([
      { name: "Texto inicial del compromiso", kind: "seed" },
    ]);

    expect(await draft.compareDrafts(id, base!.id, "no-such-version")).toBeNull();
    const other = await t.createCommitment({ team: [ana] });
    expect(await draft.compareDrafts(other.id, base!.id, draft.CURRENT_REF)).toBeNull();
  });
  it("names who deleted each passage and row, from the stored updates", async () => {
    const ana = await t.createUser({ name: "Ana Quispe", sector: "CIVIL_SOCIETY" });
    const beto = await t.createUser({ name: "Beto Rojas", sector: "PUBLIC_SECTOR" });
    const carla = await t.createUser({ name: "Carla Mamani", sector: "ACADEMIA" });
    const { id } = await t.createCommitment({ team: [ana, beto, carla], data: { contactName: "Ana" } });
    await edit(id, ana, setProse("problem", "Las familias de todo el país no encuentran la información escolar."));
    await edit(id, beto, (doc) => {
      fieldsMap(doc).set("contactName", "Beto Rojas");
      const milestone = new Y.Map<string>();
      for (const [k, v] of Object.entries({ id: "m-1", description: "Taller con familias", output: "Acta" }))
        milestone.set(k, v);
      doc.getArray<Y.Map<string>>("milestones").push([milestone]);
    });
    await draft.createNamedVersion(id, await actorOf(ana), "Completa");
    const deleteWords = (words: string) => (doc: Y.Doc) => {
      const text = (proseFragment(doc, "problem").get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.delete(text.toString().indexOf(words), words.length);
    };
    // Carla cuts one passage, the contact and the milestone; Beto cuts another passage.
    await edit(id, carla, (doc) => {
      deleteWords(" de todo el país")(doc);
      fieldsMap(doc).set("contactName", "Carla");
      doc.getArray("milestones").delete(0, 1);
    });
    await edit(id, beto, deleteWords(" escolar"));
    await draft.createNamedVersion(id, await actorOf(carla), "Recortada");
    const [cut, full] = await draft.listVersions(id);

    const comparison = (await draft.compareDrafts(id, full!.id, cut!.id))!;
    const problem = comparison.fields.find((f) => f.field === "problem")!;
    if (problem.type !== "text") throw new Error("text expected");
    expect(problem.segments.filter((s) => s.type === "del").map((s) => [s.text.trim(), s.by])).toEqual([
      ["de todo el país", [{ name: "Carla Mamani", kind: "person" }]],
      ["escolar", [{ name: "Beto Rojas", kind: "person" }]],
    ]);
    expect(problem.segments.some((s) => s.type === "ins")).toBe(false);
    const contact = comparison.fields.find((f) => f.field === "contactName")!;
    if (contact.type !== "text") throw new Error("text expected");
    expect(contact.segments.find((s) => s.type === "del")).toMatchObject({
      text: "Beto Rojas",
      by: [{ name: "Carla Mamani", kind: "person" }],
    });
    expect(comparison.fields.find((f) => f.field === "milestones")).toMatchObject({
      type: "list",
      rows: [{ type: "del", values: { description: "Taller con familias" }, by: [{ name: "Carla Mamani" }] }],
    });
    // The current state is the cut one: the same three fields differ, credited the same way.
    const current = (await draft.compareDrafts(id, full!.id, draft.CURRENT_REF))!;
    expect(current.changed).toBe(3);
    expect(current.fields.find((f) => f.field === "milestones")).toMatchObject({
      rows: [{ by: [{ name: "Carla Mamani" }] }],
    });
  });
});

describe("restore", () => {
  it("restores as a new change that keeps the history, and unchanged paragraphs keep their authors", async () => {
    const ana = await t.createUser({ name: "Ana" });
    const beto = await t.createUser({ name: "Beto" });
    const { id, room } = await t.createCommitment({
      team: [ana, beto],
      data: { description: "Párrafo uno.\n\nPárrafo dos.", contactName: "Ana" },
    });
    await edit(id, ana, setProse("contribution", "Aporte de Ana."));
    await draft.createNamedVersion(id, await actorOf(ana), "Buena");
    await edit(id, beto, (doc) => {
      const fragment = proseFragment(doc, "description");
      doc.transact(() => {
        fragment.delete(1, 1);
        const paragraph = new Y.XmlElement("paragraph");
        paragraph.insert(0, [new Y.XmlText("Párrafo cambiado por Beto.")]);
        fragment.insert(1, [paragraph]);
        fieldsMap(doc).set("contactName", "Beto");
        fieldsMap(doc).set("extra", "campo que la versión no tenía");
      });
    });
    const rowsBefore = await t.rowsFor(room, { serverRows: true });
    const [good] = await draft.listVersions(id);

    const result = await draft.restoreVersion(id, good!.id, await actorOf(beto));
    expect(result).toEqual({ ok: true, restored: 1, number: 2, changed: true });
    const doc = await versions.currentDocument(id);
    const content = readDraft(doc);
    expect(content.prose.description).toBe("Párrafo uno.\n\nPárrafo dos.");
    expect(content.prose.contribution).toBe("Aporte de Ana.");
    expect(content.fields.contactName).toBe("Ana");
    expect(fieldsMap(doc).has("extra")).toBe(false);

    // Every earlier update is still there; the restore is one more, by Beto.
    const rowsAfter = await t.rowsFor(room, { serverRows: true });
    expect(rowsAfter.slice(0, rowsBefore.length).map((r) => r.id)).toEqual(rowsBefore.map((r) => r.id));
    expect(rowsAfter).toHaveLength(rowsBefore.length + 1);
    expect(rowsAfter.at(-1)!.userId).toBe(beto.id);

    // Ana's contribution was untouched by the restore: still credited to her.
    const contributors = await draft.getContributors(id);
    expect(contributors.people.find((p) => p.name === "Ana")?.characters).toBe("Aporte de Ana.".length);
    // The restored paragraph is a copy written by the restorer.
    expect(contributors.people.find((p) => p.name === "Beto")?.characters).toBe("Párrafo dos.".length + "Ana".length);
    doc.destroy();

    // Projected into the row, and the history says what happened.
    const row = await t.prisma.commitment.findUnique({ where: { id } });
    expect(row?.description).toBe("Párrafo uno.\n\nPárrafo dos.");
    expect((await draft.listVersions(id))[0]).toMatchObject({ number: 2, kind: "RESTORE", name: "1", author: "Beto" });
    const activity = await t.prisma.activity.findFirst({ where: { subjectId: id, kind: "commitment.restored" } });
    expect(activity?.actorId).toBe(beto.id);

    // Restoring a version equal to the current state changes nothing (but is recorded).
    const again = await draft.restoreVersion(id, good!.id, await actorOf(ana));
    expect(again).toMatchObject({ ok: true, changed: false });
    expect(await t.rowsFor(room, { serverRows: true })).toHaveLength(rowsAfter.length);
  });

  it("is refused to outsiders, after the draft stage, and for other commitments' versions", async () => {
    const member = await t.createUser();
    const citizen = await t.createUser();
    const admin = await t.createUser({ role: "ADMIN" });
    const { id, room } = await t.createCommitment({ team: [member], data: { problem: "Original." } });
    const other = await t.createCommitment({ team: [member] });
    await draft.createNamedVersion(id, await actorOf(member), "v1");
    await edit(id, member, setProse("problem", "Cambiado."));
    const [v1] = await draft.listVersions(id);
    const rows = (await t.rowsFor(room, { serverRows: true })).length;

    expect(await draft.restoreVersion(id, v1!.id, await actorOf(citizen))).toEqual({ ok: false, error: "forbidden" });
    expect(await draft.restoreVersion(id, v1!.id, null)).toEqual({ ok: false, error: "forbidden" });
    expect(await draft.restoreVersion(other.id, v1!.id, await actorOf(member))).toEqual({
      ok: false,
      error: "not-found",
    });
    expect(await draft.restoreVersion(id, "no-such-version", await actorOf(member))).toEqual({
      ok: false,
      error: "not-found",
    });
    await t.prisma.commitment.update({ where: { id }, data: { status: "IN_CONSULTATION" } });
    expect(await draft.restoreVersion(id, v1!.id, await actorOf(member))).toEqual({ ok: false, error: "forbidden" });
    expect(await draft.restoreVersion(id, v1!.id, await actorOf(admin))).toEqual({ ok: false, error: "forbidden" });

    // Nothing changed.
    expect(await t.rowsFor(room, { serverRows: true })).toHaveLength(rows);
    expect(await draft.listVersions(id)).toHaveLength(1);
    expect((await draft.getCurrentContent(id)).prose.problem).toBe("Cambiado.");
  });
});

describe("workflow", () => {
  it("allows each move only to whom the rules allow it", async () => {
    const member = await t.createUser();
    const citizen = await t.createUser();
    const admin = await t.createUser({ role: "ADMIN" });
    const { id } = await t.createCommitment({ team: [member] });
    const m = await actorOf(member);
    const a = await actorOf(admin);
    const c = await actorOf(citizen);
    const commitment = async () => (await draft.getDraftCommitment(id))!;

    expect(draft.statusOptions(m, await commitment())).toEqual(["IN_CONSULTATION"]);
    expect(draft.statusOptions(c, await commitment())).toEqual([]);
    expect(draft.statusOptions(null, await commitment())).toEqual([]);
    expect(await draft.changeStatus(id, "APPROVED", a)).toEqual({ ok: false, error: "invalid" });
    expect(await draft.changeStatus(id, "IN_CONSULTATION", c)).toEqual({ ok: false, error: "forbidden" });
    expect(await draft.changeStatus(id, "IN_CONSULTATION", null)).toEqual({ ok: false, error: "forbidden" });
    expect(await draft.changeStatus("no-such-commitment", "IN_CONSULTATION", a)).toEqual({
      ok: false,
      error: "not-found",
    });

    expect(await draft.changeStatus(id, "IN_CONSULTATION", m)).toMatchObject({ ok: true, version: 1 });
    expect(draft.statusOptions(m, await commitment())).toEqual(["DRAFT"]);
    expect(draft.statusOptions(a, await commitment())).toEqual(["DRAFT", "AGREED"]);
    expect(await draft.changeStatus(id, "AGREED", m)).toEqual({ ok: false, error: "forbidden" });
    expect(await draft.changeStatus(id, "DRAFT", m)).toMatchObject({ ok: true, version: 2 });
    expect(await draft.changeStatus(id, "IN_CONSULTATION", a)).toMatchObject({ ok: true, version: 3 });
    expect(await draft.changeStatus(id, "AGREED", a)).toMatchObject({ ok: true, version: 4 });
    expect(draft.statusOptions(m, await commitment())).toEqual([]);
    const approved = await draft.changeStatus(id, "APPROVED", a);
    expect(approved).toMatchObject({ ok: true, version: 5, approvedHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(draft.statusOptions(a, await commitment())).toEqual([]);

    const list = await draft.listVersions(id);
    expect(list.map((v) => [v.kind, v.name])).toEqual([
      ["STATUS", "APPROVED"],
      ["STATUS", "AGREED"],
      ["STATUS", "IN_CONSULTATION"],
      ["STATUS", "DRAFT"],
      ["STATUS", "IN_CONSULTATION"],
    ]);
    // The fingerprint is the SHA-256 of the approved version's canonical content.
    const version = (await draft.getVersion(id, list[0]!.id))!;
    expect(approved.ok && approved.approvedHash).toBe(draft.contentHash(version.content));
    const activities = await t.prisma.activity.count({ where: { subjectId: id, kind: "commitment.status" } });
    expect(activities).toBe(5);
  });
});
