import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addListItem,
  canonicalJson,
  fieldsMap,
  proseFragment,
  readDraft,
  setFragmentText,
} from "../../app/drafting/document.ts";
import { CLOSE } from "~/collab/protocol.ts";
import type * as DraftsModule from "../../app/drafting/drafts.server.ts";
import type * as HistoryModule from "../../app/drafting/history.server.ts";
import type * as CompareModule from "../../app/drafting/compare.server.ts";
import type * as AuthorshipModule from "../../app/drafting/authorship.server.ts";
import type * as WorkflowModule from "../../app/drafting/workflow.server.ts";
/** The drafting domain's history functions, as one object for the tests. */
type DraftModule = typeof DraftsModule &
  typeof HistoryModule &
  typeof CompareModule &
  typeof AuthorshipModule &
  typeof WorkflowModule;
import type * as SessionModule from "~/utils/session.server.ts";
import { setupCollabTest, type TestClient, type TestUser } from "../support/collab-server.ts";
import { waitFor } from "../support/wait.ts";

// Live co-drafting against the real collaboration server and the per-file SQLite database, with
// the stock y-websocket provider as the client: seeding from the database, attribution,
// impersonation, projection into the commitment's rows, server-authored restores reaching
// connected clients, status changes downgrading editors at once, and the approval fingerprint.

let t: Awaited<ReturnType<typeof setupCollabTest>>;
let draft: DraftModule;
let sessions: typeof SessionModule;

beforeAll(async () => {
  t = await setupCollabTest();
  draft = {
    ...(await import("../../app/drafting/drafts.server.ts")),
    ...(await import("../../app/drafting/history.server.ts")),
    ...(await import("../../app/drafting/compare.server.ts")),
    ...(await import("../../app/drafting/authorship.server.ts")),
    ...(await import("../../app/drafting/workflow.server.ts")),
  };
  sessions = await import("~/utils/session.server.ts");
});

afterEach(async () => {
  await t?.cleanup();
});

afterAll(async () => {
  await t?.dispose();
});

async function actorOf(user: TestUser) {
  const session = await sessions.validateSessionToken(user.token);
  return session!.user;
}

const day = (iso: string) => new Date(`${iso}T12:00:00.000Z`);

/** A commitment as the OGP template holds it, with one of each list. */
async function richCommitment(team: TestUser[]) {
  const org = await t.prisma.organization.create({
    data: {
      slug: `apoyo-${Date.now()}-${Math.random()}`,
      name: "Colectivo de Apoyo",
      kind: "ORGANIZATION",
      sector: "CIVIL_SOCIETY",
    },
  });
  const commitment = await t.createCommitment({
    team,
    data: {
      title: "Datos abiertos de tiempos de espera",
      problem: "Nadie sabe cuánto esperará.\n\nLa información no se publica.",
      baseline: "Ningún establecimiento publica datos.",
      description: "Publicar cada mes los tiempos de espera.",
      contribution: "Las personas podrán elegir.",
      contactName: "Ana Flores",
      contactEmail: "ana@example.pe",
      startDate: day("2027-03-01"),
      endDate: day("2028-06-30"),
      valueAccessToInformation: true,
      valueCivicParticipation: false,
      valuePublicAccountability: null,
      valueTechnology: true,
    },
  });
  await t.prisma.milestone.create({
    data: {
      commitmentId: commitment.id,
      position: 1,
      description: "Definir el conjunto de datos",
      output: "Diccionario de datos",
      startDate: day("2027-03-01"),
      endDate: day("2027-06-30"),
      responsible: "SEGDI",
      completion: "LIMITED",
    },
  });
  await t.prisma.indicator.create({
    data: {
      commitmentId: commitment.id,
      kind: "RESULT",
      position: 0,
      name: "Establecimientos publicados",
      unit: "establecimientos",
      baseline: "0",
      target: "50",
      dueDate: day("2028-06-30"),
    },
  });
  await t.prisma.supportingActor.create({
    data: {
      commitmentId: commitment.id,
      organizationId: org.id,
      name: org.name,
      sector: "CIVIL_SOCIETY",
      role: "Validación",
      position: 0,
    },
  });
  return { ...commitment, organizationId: org.id };
}

/** Replaces a prose field's text in a client's document (as an editor would, in one transaction). */
function write(client: TestClient, field: Parameters<typeof proseFragment>[1], text: string) {
  client.doc.transact(() => setFragmentText(proseFragment(client.doc, field), text));
}

describe("seeding a new room from the database", () => {
  it("fills the document from the commitment and stores it as the server's first update", async () => {
    const editor = await t.createUser({ name: "Editora" });
    const commitment = await richCommitment([editor]);
    const server = await t.startServer();
    const reader = await t.connectSynced(server, commitment.room, null);

    const content = readDraft(reader.doc);
    expect(content.prose).toEqual({
      title: "Datos abiertos de tiempos de espera",
      problem: "Nadie sabe cuánto esperará.\n\nLa información no se publica.",
      baseline: "Ningún establecimiento publica datos.",
      description: "Publicar cada mes los tiempos de espera.",
      contribution: "Las personas podrán elegir.",
    });
    expect(content.fields).toEqual({
      leadInstitution: "",
      contactName: "Ana Flores",
      contactEmail: "ana@example.pe",
      startDate: "2027-03-01",
      endDate: "2028-06-30",
      valueAccessToInformation: true,
      valueCivicParticipation: false,
      valuePublicAccountability: null,
      valueTechnology: true,
    });
    expect(content.milestones).toEqual([
      {
        id: expect.any(String),
        description: "Definir el conjunto de datos",
        output: "Diccionario de datos",
        startDate: "2027-03-01",
        endDate: "2027-06-30",
        responsible: "SEGDI",
      },
    ]);
    expect(content.indicators).toMatchObject([
      { kind: "RESULT", name: "Establecimientos publicados", unit: "establecimientos", baseline: "0", target: "50" },
    ]);
    expect(content.actors).toMatchObject([{ name: "Colectivo de Apoyo", sector: "CIVIL_SOCIETY", role: "Validación" }]);
    // Two paragraphs, not one text with a blank line.
    expect(proseFragment(reader.doc, "problem").length).toBe(2);

    const rows = await t.rowsFor(commitment.room, { serverRows: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBeNull();
    const authors = await t.prisma.collabAuthor.findMany({ where: { room: commitment.room } });
    expect(authors).toHaveLength(1);
    expect(authors[0]).toMatchObject({ userId: null, sector: null });

    // A second server on the same database does not seed again.
    const other = await t.startServer();
    const again = await t.connectSynced(other, commitment.room, editor);
    expect(readDraft(again.doc)).toEqual(content);
    expect(await t.rowsFor(commitment.room, { serverRows: true })).toHaveLength(1);
  });
  it("also seeds an older room whose stored document holds no draft", async () => {
    const editor = await t.createUser({ name: "Editora" });
    const commitment = await richCommitment([editor]);
    const legacy = new Y.Doc();
    legacy.getText("body").insert(0, "nota anterior");
    await t.prisma.collabUpdate.create({
      data: { room: commitment.room, data: new Uint8Array(Y.encodeStateAsUpdate(legacy)), userId: editor.id },
    });
    const server = await t.startServer();
    const reader = await t.connectSynced(server, commitment.room, null);
    expect(readDraft(reader.doc).prose.title).toBe("Datos abiertos de tiempos de espera");
    expect(reader.doc.getText("body").toString()).toBe("nota anterior");
    const rows = await t.rowsFor(commitment.room, { serverRows: true });
    expect(rows.map((row) => row.userId)).toEqual([editor.id, null]);
  });
});

describe("attribution", () => {
  it("records who owns each client id, first writer wins, and counts contributions", async () => {
    const ana = await t.createUser({ name: "Ana", sector: "CIVIL_SOCIETY" });
    const beto = await t.createUser({ name: "Beto", sector: "PUBLIC_SECTOR" });
    const commitment = await richCommitment([ana, beto]);
    const server = await t.startServer();
    const a = await t.connectSynced(server, commitment.room, ana);
    const b = await t.connectSynced(server, commitment.room, beto);

    write(a, "description", "Texto de Ana.");
    await waitFor(() => readDraft(b.doc).prose.description === "Texto de Ana.", "Ana's text relayed");
    const fragment = proseFragment(b.doc, "description");
    b.doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      paragraph.insert(0, [new Y.XmlText("Y de Beto.")]);
      fragment.insert(fragment.length, [paragraph]);
    });
    await waitFor(
      () => readDraft(a.doc).prose.description === "Texto de Ana.\n\nY de Beto.",
      "Beto's paragraph relayed",
    );
    await waitFor(async () => (await t.rowsFor(commitment.room)).length >= 2, "rows stored");

    const authors = await t.prisma.collabAuthor.findMany({ where: { room: commitment.room } });
    const byClient = new Map(authors.map((row) => [Number(row.clientId), row]));
    expect(byClient.get(a.doc.clientID)).toMatchObject({ userId: ana.id, sector: "CIVIL_SOCIETY" });
    expect(byClient.get(b.doc.clientID)).toMatchObject({ userId: beto.id, sector: "PUBLIC_SECTOR" });
    expect(authors.filter((row) => row.userId === null)).toHaveLength(1); // the seed

    const map = await draft.getAuthorMap(commitment.id);
    expect(map[String(a.doc.clientID)]).toMatchObject({ name: "Ana", sector: "CIVIL_SOCIETY", kind: "person" });
    expect(map[String(b.doc.clientID)]).toMatchObject({ name: "Beto", sector: "PUBLIC_SECTOR", kind: "person" });
    expect(Object.values(map).filter((author) => author.kind === "seed")).toHaveLength(1);

    const contributors = await draft.getContributors(commitment.id);
    const anaRow = contributors.people.find((p) => p.userId === ana.id)!;
    const betoRow = contributors.people.find((p) => p.userId === beto.id)!;
    expect(anaRow).toMatchObject({ name: "Ana", sector: "CIVIL_SOCIETY", characters: "Texto de Ana.".length });
    expect(betoRow).toMatchObject({ name: "Beto", sector: "PUBLIC_SECTOR", characters: "Y de Beto.".length });
    expect(anaRow.updates).toBeGreaterThanOrEqual(1);
    expect(contributors.sectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sector: "CIVIL_SOCIETY", people: 1, characters: 13 }),
        expect.objectContaining({ sector: "PUBLIC_SECTOR", people: 1, characters: 10 }),
      ]),
    );
    // Ana replaced the seed's description: its characters no longer count.
    expect(contributors.seedCharacters).toBeGreaterThan(0);
    expect(contributors.totalCharacters).toBe(
      contributors.seedCharacters + contributors.people.reduce((sum, p) => sum + p.characters, 0),
    );
  });

  it("refuses an update written with a client id another person owns, and stores nothing", async () => {
    const ana = await t.createUser({ name: "Ana" });
    const beto = await t.createUser({ name: "Beto" });
    const commitment = await richCommitment([ana, beto]);
    const server = await t.startServer();
    const a = await t.connectSynced(server, commitment.room, ana);
    const b = await t.connectSynced(server, commitment.room, beto);
    write(a, "baseline", "Línea de base de Ana.");
    await waitFor(() => readDraft(b.doc).prose.baseline === "Línea de base de Ana.", "Ana's edit relayed");
    const before = (await t.rowsFor(commitment.room, { serverRows: true })).length;

    // Beto's second socket sends structs under Ana's client id, continuing her clock.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(a.doc));
    forged.clientID = a.doc.clientID;
    const vectorBefore = Y.encodeStateVector(forged);
    write({ doc: forged } as TestClient, "baseline", "Texto falso firmado como Ana.");
    const forgedUpdate = Y.encodeStateAsUpdate(forged, vectorBefore);
    const raw = t.rawSocket(server, commitment.room, beto);
    await raw.opened;
    raw.ws.send(syncUpdateFrame(forgedUpdate));
    expect((await raw.closed).code).toBe(CLOSE.MALFORMED_MESSAGE.code);

    // Nothing stored or relayed; the room keeps working.
    write(b, "contribution", "Aporte legítimo de Beto.");
    await waitFor(() => readDraft(a.doc).prose.contribution === "Aporte legítimo de Beto.", "Beto's own edit relayed");
    expect(readDraft(a.doc).prose.baseline).toBe("Línea de base de Ana.");
    const rows = await waitFor(async () => {
      const found = await t.rowsFor(commitment.room, { serverRows: true });
      return found.length > before ? found : null;
    }, "Beto's edit stored");
    expect(rows.slice(before).every((row) => row.userId === beto.id)).toBe(true);
    expect(rows).toHaveLength(before + 1);
    const owner = await t.prisma.collabAuthor.findUnique({
      where: { room_clientId: { room: commitment.room, clientId: a.doc.clientID } },
    });
    expect(owner?.userId).toBe(ana.id);
  });
});

/** A y-websocket sync "update" frame. */
function syncUpdateFrame(update: Uint8Array): Uint8Array {
  const varuint = (n: number) => {
    const bytes: number[] = [];
    while (n > 0x7f) {
      bytes.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    bytes.push(n);
    return bytes;
  };
  return Uint8Array.from([0, 2, ...varuint(update.length), ...update]);
}

describe("projection into the commitment's rows", () => {
  it("writes the live content back, validating dates, e-mails, kinds and sectors", async () => {
    const editor = await t.createUser({ name: "Editora" });
    const commitment = await richCommitment([editor]);
    const server = await t.startServer({ projectDelayMs: 20 });
    const e = await t.connectSynced(server, commitment.room, editor);
    const lead = await t.prisma.organization.create({
      data: {
        slug: `lead-${Date.now()}`,
        name: `Ministerio de Prueba ${Date.now()}`,
        kind: "INSTITUTION",
        sector: "PUBLIC_SECTOR",
      },
    });

    e.doc.transact(() => {
      fieldsMap(e.doc).set("leadInstitution", lead.name);
      setFragmentText(proseFragment(e.doc, "title"), "Título nuevo en vivo");
      setFragmentText(proseFragment(e.doc, "problem"), "Primer párrafo.\n\nSegundo párrafo.");
      const fields = fieldsMap(e.doc);
      fields.set("startDate", "2027-04-01");
      fields.set("endDate", "2027-02-31"); // no such day
      fields.set("contactEmail", "no es un correo");
      fields.set("valuePublicAccountability", true);
      addListItem(e.doc, "milestones", {
        description: "Publicar el tablero",
        output: "",
        startDate: "2027-07-01",
        endDate: "mañana",
        responsible: "SEGDI",
      });
      addListItem(e.doc, "milestones", { description: "   " }); // no description: left out
      addListItem(e.doc, "indicators", { kind: "SOMETHING", name: "Indicador sin tipo válido" });
      addListItem(e.doc, "actors", { name: "Universidad Nueva", sector: "ACADEMIA", role: "Análisis" });
      addListItem(e.doc, "actors", { name: "Sector inventado", sector: "GALACTIC" });
    });

    const row = await waitFor(async () => {
      const found = await t.prisma.commitment.findUnique({
        where: { id: commitment.id },
        include: {
          milestones: { orderBy: { position: "asc" } },
          indicators: true,
          supportingActors: { orderBy: { position: "asc" } },
        },
      });
      return found?.title === "Título nuevo en vivo" ? found : null;
    }, "projection");
    expect(row.problem).toBe("Primer párrafo.\n\nSegundo párrafo.");
    expect(row.leadInstitutionId).toBe(lead.id); // linked by the name the document holds
    expect(row.startDate?.toISOString()).toBe("2027-04-01T12:00:00.000Z");
    expect(row.endDate).toBeNull();
    expect(row.contactEmail).toBeNull();
    expect(row.valuePublicAccountability).toBe(true);
    expect(row.milestones.map((m) => [m.description, m.endDate, m.completion])).toEqual([
      ["Definir el conjunto de datos", day("2027-06-30"), "LIMITED"], // kept what the document lacks
      ["Publicar el tablero", null, null],
    ]);
    expect(row.indicators.map((i) => [i.name, i.dueDate])).toEqual([
      ["Establecimientos publicados", day("2028-06-30")],
    ]);
    expect(row.supportingActors.map((a) => [a.name, a.sector, a.organizationId])).toEqual([
      ["Colectivo de Apoyo", "CIVIL_SOCIETY", commitment.organizationId],
      ["Universidad Nueva", "ACADEMIA", null],
    ]);

    // What the public page and the API read.
    const { getCommitment } = await import("../../app/drafting/commitment.server.ts");
    const view = await getCommitment(commitment.id);
    expect(view?.title).toBe("Título nuevo en vivo");
    expect(view?.milestones).toHaveLength(2);
  });

  it("writes back the theme and policy area the document holds (shape 2), refusing another plan's theme and an unknown area", async () => {
    const editor = await t.createUser();
    const commitment = await richCommitment([editor]);
    const suffix = `${Date.now()}-${Math.random()}`;
    const health = await t.prisma.theme.create({ data: { planId: "plan-test", name: `Salud ${suffix}`, position: 1 } });
    await t.prisma.plan.create({
      data: {
        id: `plan-otro-${suffix}`,
        name: "Otro plan",
        periodStart: 2024,
        periodEnd: 2026,
        scope: "NATIONAL",
        territoryId: "PE",
        phase: "CO_CREATION",
      },
    });
    const foreign = await t.prisma.theme.create({
      data: { planId: `plan-otro-${suffix}`, name: `Ajeno ${suffix}`, position: 1 },
    });
    const server = await t.startServer({ projectDelayMs: 20 });
    const e = await t.connectSynced(server, commitment.room, editor);
    const read = () => t.prisma.commitment.findUnique({ where: { id: commitment.id } });

    fieldsMap(e.doc).set("theme", health.id);
    fieldsMap(e.doc).set("policyArea", "Digital Governance");
    await waitFor(async () => (await read())?.themeId === health.id, "theme projected");
    expect((await read())?.policyArea).toBe("Digital Governance");

    // A theme of another plan and an area OGP does not have are not written: both become none.
    e.doc.transact(() => {
      fieldsMap(e.doc).set("theme", foreign.id);
      fieldsMap(e.doc).set("policyArea", "Astronomía");
    });
    await waitFor(async () => (await read())?.themeId === null, "foreign theme refused");
    expect((await read())?.policyArea).toBeNull();
    // The document keeps what was chosen (the editor shows it until someone changes it).
    expect(readDraft(e.doc).classification).toEqual({ theme: foreign.id, policyArea: "Astronomía" });
  });

  it("projects when the room unloads", async () => {
    const editor = await t.createUser();
    const commitment = await richCommitment([editor]);
    const server = await t.startServer({ projectDelayMs: 60_000, unloadDelayMs: 1 });
    const e = await t.connectSynced(server, commitment.room, editor);
    write(e, "contribution", "Escrito justo antes de salir.");
    await waitFor(async () => (await t.rowsFor(commitment.room)).length === 1, "stored");
    e.destroy();
    await waitFor(async () => {
      const row = await t.prisma.commitment.findUnique({ where: { id: commitment.id } });
      return row?.contribution === "Escrito justo antes de salir.";
    }, "projected on unload");
  });
});

describe("server-authored changes", () => {
  it("relays a restore to connected clients as a change by the restoring person", async () => {
    const ana = await t.createUser({ name: "Ana", sector: "ACADEMIA" });
    const commitment = await richCommitment([ana]);
    const server = await t.startServer({ projectDelayMs: 20 });
    const a = await t.connectSynced(server, commitment.room, ana);
    const watcher = await t.connectSynced(server, commitment.room, null);
    const actor = await actorOf(ana);

    const saved = await draft.createNamedVersion(commitment.id, actor, "Antes de los cambios");
    expect(saved).toEqual({ ok: true, number: 1 });
    write(a, "problem", "Un problema reescrito.");
    await waitFor(() => readDraft(watcher.doc).prose.problem === "Un problema reescrito.", "edit relayed");
    await waitFor(async () => (await t.rowsFor(commitment.room)).length === 1, "edit stored");

    const versions = await draft.listVersions(commitment.id);
    const result = await draft.restoreVersion(commitment.id, versions[0]!.id, actor);
    expect(result).toMatchObject({ ok: true, restored: 1, number: 2, changed: true });

    // Both connected documents receive it without reconnecting.
    const original = "Nadie sabe cuánto esperará.\n\nLa información no se publica.";
    await waitFor(() => readDraft(a.doc).prose.problem === original, "restore reached the editor");
    await waitFor(() => readDraft(watcher.doc).prose.problem === original, "restore reached the reader");
    expect(a.closes).toEqual([]);

    // Stored as the restorer's change, with the history kept.
    const rows = await t.rowsFor(commitment.room, { serverRows: true });
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ userId: ana.id, sector: "ACADEMIA" });
    const restoreClients = Y.decodeUpdate(rows[2]!.data).structs.map((s) => s.id.client);
    const owner = await t.prisma.collabAuthor.findUnique({
      where: { room_clientId: { room: commitment.room, clientId: restoreClients[0]! } },
    });
    expect(owner?.userId).toBe(ana.id);
    expect((await draft.listVersions(commitment.id)).map((v) => [v.number, v.kind, v.name])).toEqual([
      [2, "RESTORE", "1"],
      [1, "MANUAL", "Antes de los cambios"],
    ]);
    const row = await t.prisma.commitment.findUnique({ where: { id: commitment.id } });
    expect(row?.problem).toBe(original);

    // The editor keeps editing on top of it.
    write(a, "problem", "Después de restaurar.");
    await waitFor(() => readDraft(watcher.doc).prose.problem === "Después de restaurar.", "later edit relayed");
  });

  it("takes an automatic version after a burst of edits and a quiet spell", async () => {
    const editor = await t.createUser();
    const commitment = await richCommitment([editor]);
    const server = await t.startServer({ autoVersionEvery: 5, autoVersionQuietMs: 200 });
    const e = await t.connectSynced(server, commitment.room, editor);
    for (let i = 0; i < 6; i++) write(e, "baseline", `Cambio ${i}`);
    await waitFor(async () => (await t.rowsFor(commitment.room)).length === 6, "six stored");
    const versions = await waitFor(async () => {
      const found = await draft.listVersions(commitment.id);
      return found.length > 0 ? found : null;
    }, "automatic version");
    expect(versions).toMatchObject([{ number: 1, kind: "AUTO", author: null }]);
    const version = await draft.getVersion(commitment.id, versions[0]!.id);
    expect(version?.content.prose.baseline).toBe("Cambio 5");

    // The counter starts again: one more edit is not a burst.
    write(e, "baseline", "Un cambio más");
    await waitFor(async () => (await t.rowsFor(commitment.room)).length === 7, "seventh stored");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await draft.listVersions(commitment.id)).toHaveLength(1);
  });
});

describe("workflow", () => {
  it("downgrades a connected editor at once when the draft goes to consultation", async () => {
    const lead = await t.createUser({ name: "Líder" });
    const commitment = await richCommitment([lead]);
    // The periodic re-check is far away: only the status change's notification can close it.
    const server = await t.startServer({ recheckIntervalMs: 60_000 });
    const l = await t.connectSynced(server, commitment.room, lead);
    write(l, "title", "Título enviado a consulta");
    await waitFor(async () => (await t.rowsFor(commitment.room)).length === 1, "edit stored");

    const started = Date.now();
    const result = await draft.changeStatus(commitment.id, "IN_CONSULTATION", await actorOf(lead));
    expect(result).toMatchObject({ ok: true, version: 1, approvedHash: null });
    await waitFor(
      () => l.closes.some((close) => close.code === CLOSE.PERMISSIONS_CHANGED.code),
      "permissions-changed close",
      2_000,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    await waitFor(() => l.provider.synced, "reconnected");
    const watcher = await t.connectSynced(server, commitment.room, null);
    const shownAs = () =>
      watcher.provider.awareness.getStates().get(l.doc.clientID)?.user as { readOnly?: boolean } | undefined;
    l.provider.awareness.setLocalStateField("cursor", 1);
    await waitFor(() => shownAs()?.readOnly === true, "shown read-only");

    // Its writes are now dropped (the later awareness change is the barrier).
    write(l, "title", "Escrito en consulta");
    l.provider.awareness.setLocalStateField("cursor", 2);
    await waitFor(() => watcher.provider.awareness.getStates().get(l.doc.clientID)?.cursor === 2, "barrier");
    expect(readDraft(watcher.doc).prose.title).toBe("Título enviado a consulta");
    expect(await t.rowsFor(commitment.room)).toHaveLength(1);

    const versions = await draft.listVersions(commitment.id);
    expect(versions[0]).toMatchObject({ kind: "STATUS", name: "IN_CONSULTATION", author: "Líder" });
    const version = await draft.getVersion(commitment.id, versions[0]!.id);
    expect(version?.content.prose.title).toBe("Título enviado a consulta");
    const activity = await t.prisma.activity.findFirst({
      where: { subjectId: commitment.id, kind: "commitment.status" },
    });
    expect(activity?.summary).toContain("En consulta");
  });

  it("records on approval the SHA-256 of the canonical content", async () => {
    const editor = await t.createUser({ name: "Editora" });
    const admin = await t.createUser({ name: "Secretaría", role: "ADMIN" });
    const commitment = await richCommitment([editor]);
    const server = await t.startServer();
    const e = await t.connectSynced(server, commitment.room, editor);
    write(e, "description", "El texto que se aprobará.");
    await waitFor(async () => (await t.rowsFor(commitment.room)).length === 1, "edit stored");

    const adminActor = await actorOf(admin);
    expect(await draft.changeStatus(commitment.id, "IN_CONSULTATION", await actorOf(editor))).toMatchObject({
      ok: true,
    });
    expect(await draft.changeStatus(commitment.id, "AGREED", await actorOf(editor))).toEqual({
      ok: false,
      error: "forbidden",
    });
    expect(await draft.changeStatus(commitment.id, "AGREED", adminActor)).toMatchObject({ ok: true });
    const approved = await draft.changeStatus(commitment.id, "APPROVED", adminActor);
    expect(approved.ok).toBe(true);

    const reader = await t.connectSynced(server, commitment.room, null);
    const expected = createHash("sha256")
      .update(canonicalJson(readDraft(reader.doc)))
      .digest("hex");
    const row = await t.prisma.commitment.findUnique({ where: { id: commitment.id } });
    expect(row?.status).toBe("APPROVED");
    expect(row?.approvedHash).toBe(expected);
    expect(row?.approvedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.approvedAt).toBeInstanceOf(Date);
    expect(approved.ok && approved.approvedHash).toBe(expected);
    expect(row?.description).toBe("El texto que se aprobará.");
    // Frozen: no further moves.
    expect(await draft.changeStatus(commitment.id, "AGREED", adminActor)).toEqual({ ok: false, error: "invalid" });
    expect(readDraft(reader.doc).prose.description).toBe("El texto que se aprobará.");
  });
});
