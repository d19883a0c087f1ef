import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { CLOSE, colorForUser } from "../../app/collab/protocol.ts";
import { setupCollabTest, type TestClient } from "../../tests/support/collab-server.ts";
import { waitFor } from "../../tests/support/wait.ts";

// Behaviour seen by real clients: the stock y-websocket provider against a real server and a real
// SQLite database.

let t: Awaited<ReturnType<typeof setupCollabTest>>;

beforeAll(async () => {
  t = await setupCollabTest();
});

afterEach(async () => {
  await t?.cleanup();
});

afterAll(async () => {
  await t?.dispose();
});

const userOf = (client: TestClient, other: TestClient) =>
  other.provider.awareness.getStates().get(client.doc.clientID)?.user as Record<string, unknown> | undefined;

describe("collaborative editing", () => {
  it("converges two editors and stores each update with its author and sector", async () => {
    const ana = await t.createUser({ name: "Ana", sector: "CIVIL_SOCIETY" });
    const beto = await t.createUser({ name: "Beto" });
    const { room } = await t.createCommitment({ team: [ana, beto] });
    const server = await t.startServer();
    const a = await t.connectSynced(server, room, ana);
    const b = await t.connectSynced(server, room, beto);

    a.text.insert(0, "Hola ");
    b.text.insert(0, "mundo");
    await waitFor(() => a.text.toString().length === 10 && a.text.toString() === b.text.toString(), "convergence");
    a.text.delete(0, 2);
    await waitFor(() => b.text.length === 8 && a.text.toString() === b.text.toString(), "deletion relayed");

    const rows = await waitFor(async () => {
      const found = await t.rowsFor(room);
      return found.length >= 3 ? found : null;
    }, "rows stored");
    expect(rows.filter((row) => row.userId === ana.id).every((row) => row.sector === "CIVIL_SOCIETY")).toBe(true);
    expect(rows.filter((row) => row.userId === beto.id).every((row) => row.sector === null)).toBe(true);
    expect(new Set(rows.map((row) => row.userId))).toEqual(new Set([ana.id, beto.id]));
  });

  it("sends everything to read-only clients and drops, never stores, what they write", async () => {
    const editor = await t.createUser({ name: "Editora" });
    const outsider = await t.createUser({ name: "Ajena" });
    const { room } = await t.createCommitment({ team: [editor] });
    const server = await t.startServer();
    const e = await t.connectSynced(server, room, editor);
    const anon = await t.connectSynced(server, room, null);
    const other = await t.connectSynced(server, room, outsider);

    e.text.insert(0, "base");
    await waitFor(
      () => anon.text.toString() === "base" && other.text.toString() === "base",
      "read-only clients receive",
    );
    const rowsBefore = (await t.rowsFor(room)).length;

    anon.text.insert(0, "ANON");
    other.text.insert(0, "OUTSIDER");
    // Barrier: each socket's frames are handled in order, so once their later awareness change
    // reached the editor, the server has handled (and dropped) their updates.
    anon.provider.awareness.setLocalStateField("marker", 1);
    other.provider.awareness.setLocalStateField("marker", 1);
    await waitFor(
      () => userOf(anon, e) && e.provider.awareness.getStates().get(anon.doc.clientID)?.marker === 1,
      "anonymous barrier",
    );
    await waitFor(() => e.provider.awareness.getStates().get(other.doc.clientID)?.marker === 1, "outsider barrier");

    e.text.insert(4, "!");
    await waitFor(
      () => anon.text.toString().includes("!") && other.text.toString().includes("!"),
      "later edit relayed",
    );
    expect(e.text.toString()).toBe("base!");
    const rows = await t.rowsFor(room);
    expect(rows).toHaveLength(rowsBefore + 1);
    expect(rows.every((row) => row.userId === editor.id)).toBe(true);

    const fresh = await t.connectSynced(server, room, null);
    expect(fresh.text.toString()).toBe("base!");

    expect(userOf(anon, e)).toEqual({
      id: null,
      name: "Visitante",
      color: expect.any(String),
      sector: null,
      readOnly: true,
    });
    expect(userOf(other, e)).toMatchObject({ id: outsider.id, name: "Ajena", readOnly: true });
  });

  it("keeps the content across a restart of the collab server", async () => {
    const editor = await t.createUser({ name: "Persistente" });
    const { room } = await t.createCommitment({ team: [editor] });
    const first = await t.startServer({ compactEvery: 1_000 });
    const a = await t.connectSynced(first, room, editor);
    a.text.insert(0, "Texto que sobrevive al reinicio");
    a.text.delete(0, 6);
    a.doc.getMap("meta").set("owner", "secretaría");
    await waitFor(async () => (await t.rowsFor(room)).length === 3, "updates stored");

    // A second instance on the same database (no snapshot yet) loads the log.
    const second = await t.startServer();
    const b = await t.connectSynced(second, room, null);
    expect(b.text.toString()).toBe("que sobrevive al reinicio");

    a.destroy();
    b.destroy();
    await first.stop();
    await second.stop();
    const snapshot = await t.prisma.collabSnapshot.findUnique({ where: { room } });
    expect(snapshot).not.toBeNull();
    const rows = await t.rowsFor(room);
    expect(snapshot!.upToId).toBe(rows.at(-1)!.id);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.userId === editor.id && row.data.length > 0)).toBe(true);

    const third = await t.startServer();
    const c = await t.connectSynced(third, room, editor);
    expect(c.text.toString()).toBe("que sobrevive al reinicio");
    expect(c.doc.getMap("meta").get("owner")).toBe("secretaría");
    c.text.insert(0, "Sí, ");
    await waitFor(async () => (await t.rowsFor(room)).length === 4, "new update after restart stored");
  });

  it("compacts the log into a snapshot while keeping every row", async () => {
    const editor = await t.createUser();
    const { room } = await t.createCommitment({ team: [editor] });
    const server = await t.startServer({ compactEvery: 10 });
    const a = await t.connectSynced(server, room, editor);
    for (let i = 0; i < 25; i++) a.text.insert(a.text.length, `${i % 10}`);
    await waitFor(async () => (await t.rowsFor(room)).length === 25, "25 updates stored");
    const snapshot = await waitFor(
      () => t.prisma.collabSnapshot.findUnique({ where: { room } }),
      "snapshot written in the background",
    );
    expect(snapshot.upToId).toBeGreaterThanOrEqual((await t.rowsFor(room))[9]!.id);
    const other = await t.startServer();
    const b = await t.connectSynced(other, room, null);
    expect(b.text.toString()).toBe("0123456789012345678901234");
  });

  it("compacts a busy room at most once per compactMinIntervalMs, and always when it unloads", async () => {
    const editor = await t.createUser();
    const { room } = await t.createCommitment({ team: [editor] });
    const server = await t.startServer({ compactEvery: 5, compactMinIntervalMs: 60_000, unloadDelayMs: 1 });
    const a = await t.connectSynced(server, room, editor);
    for (let i = 0; i < 5; i++) a.text.insert(a.text.length, `${i}`);
    const first = await waitFor(() => t.prisma.collabSnapshot.findUnique({ where: { room } }), "first snapshot");
    for (let i = 5; i < 20; i++) a.text.insert(a.text.length, `${i % 10}`);
    await waitFor(async () => (await t.rowsFor(room)).length === 20, "20 updates stored");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await t.prisma.collabSnapshot.findUniqueOrThrow({ where: { room } })).upToId).toBe(first.upToId);
    a.destroy();
    const last = (await t.rowsFor(room)).at(-1)!.id;
    await waitFor(
      async () => (await t.prisma.collabSnapshot.findUniqueOrThrow({ where: { room } })).upToId === last,
      "compacted on unload",
    );
  });

  it("lets forum members write the minutes of a session and others only read", async () => {
    const member = await t.createUser({ role: "FORUM_MEMBER", sector: "ACADEMIA" });
    const citizen = await t.createUser();
    const { room } = await t.createForumSession();
    const server = await t.startServer();
    const m = await t.connectSynced(server, room, member);
    const c = await t.connectSynced(server, room, citizen);
    c.text.insert(0, "no ");
    m.text.insert(0, "Acta");
    await waitFor(() => c.text.toString().includes("Acta"), "minutes relayed");
    const rows = await t.rowsFor(room);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: member.id, sector: "ACADEMIA" });
  });
});

describe("awareness", () => {
  it("overwrites the identity a client claims and refuses entries for other clients", async () => {
    const ana = await t.createUser({ name: "Ana", sector: "PUBLIC_SECTOR" });
    const bob = await t.createUser({ name: "Bob" });
    const { room } = await t.createCommitment({ team: [ana, bob] });
    const server = await t.startServer();
    const a = await t.connectSynced(server, room, ana);
    const b = await t.connectSynced(server, room, bob);

    a.provider.awareness.setLocalStateField("user", { id: bob.id, name: "Bob", color: "#000000" });
    a.provider.awareness.setLocalStateField("cursor", 3);
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.cursor === 3, "cursor relayed");
    expect(userOf(a, b)).toEqual({
      id: ana.id,
      name: "Ana",
      color: colorForUser(ana.id),
      sector: "PUBLIC_SECTOR",
      readOnly: false,
    });
    b.provider.awareness.setLocalStateField("cursor", 7);
    await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID)?.cursor === 7, "bob's cursor relayed");

    // Ana's second socket tries to overwrite Bob's presence with a far-future clock.
    const raw = t.rawSocket(server, room, ana);
    await raw.opened;
    const awarenessFrame = (entries: { clientId: number; clock: number; state: unknown }[]) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, entries.length);
      for (const entry of entries) {
        encoding.writeVarUint(inner, entry.clientId);
        encoding.writeVarUint(inner, entry.clock);
        encoding.writeVarString(inner, JSON.stringify(entry.state));
      }
      const outer = encoding.createEncoder();
      encoding.writeVarUint(outer, 1);
      encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
      return encoding.toUint8Array(outer);
    };
    raw.ws.send(
      awarenessFrame([{ clientId: b.doc.clientID, clock: 9_999, state: { user: { name: "Hacked" }, cursor: 0 } }]),
    );
    raw.ws.send(awarenessFrame([{ clientId: 424242, clock: 1, state: { marker: "raw" } }]));
    await waitFor(() => b.provider.awareness.getStates().get(424242)?.marker === "raw", "raw client's own state");
    expect(b.provider.awareness.getStates().get(424242)?.user).toMatchObject({ id: ana.id, name: "Ana" });
    expect(a.provider.awareness.getStates().get(b.doc.clientID)).toMatchObject({ cursor: 7, user: { name: "Bob" } });

    // Bob's later changes still go through (his clock was not hijacked).
    b.provider.awareness.setLocalStateField("cursor", 8);
    await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID)?.cursor === 8, "bob still updates");

    // The raw socket leaving removes its presence.
    raw.ws.close();
    await waitFor(() => !b.provider.awareness.getStates().has(424242), "presence removed on disconnect");
  });
});

describe("relay rounds", () => {
  /** The y-websocket frames a raw socket received: sync updates and awareness entries. */
  function readFrames(messages: Uint8Array[]) {
    const updates: Uint8Array[] = [];
    const awareness: { clientId: number; state: Record<string, unknown> | null }[][] = [];
    for (const message of messages) {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      if (type === 0) {
        const step = decoding.readVarUint(decoder);
        if (step === 2) updates.push(decoding.readVarUint8Array(decoder));
      } else if (type === 1) {
        const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
        const entries = [];
        for (let i = decoding.readVarUint(inner); i > 0; i--) {
          const clientId = decoding.readVarUint(inner);
          decoding.readVarUint(inner);
          entries.push({
            clientId,
            state: JSON.parse(decoding.readVarString(inner)) as Record<string, unknown> | null,
          });
        }
        awareness.push(entries);
      }
    }
    return { updates, awareness };
  }

  function updateFrame(clientId: number, text: string): Uint8Array {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    doc.getText("body").insert(0, text);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, 2);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
    doc.destroy();
    return encoding.toUint8Array(encoder);
  }

  function awarenessFrame(clientId: number, clock: number, state: Record<string, unknown>): Uint8Array {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    const outer = encoding.createEncoder();
    encoding.writeVarUint(outer, 1);
    encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
    return encoding.toUint8Array(outer);
  }

  it("stores a round's updates before relaying them, and merges its awareness changes without echoes", async () => {
    const [ana, bob, eva] = [await t.createUser(), await t.createUser(), await t.createUser()];
    const { room } = await t.createCommitment({ team: [ana, bob, eva] });
    // A long round, so that everything below lands in one.
    const server = await t.startServer({ relayIntervalMs: 1000 });
    const [a, b, e] = [t.rawSocket(server, room, ana), t.rawSocket(server, room, bob), t.rawSocket(server, room, eva)];
    await Promise.all([a.opened, b.opened, e.opened]);
    // A first change opens the round; the rest arrives while it is open.
    a.ws.send(awarenessFrame(1001, 1, { cursor: 0 }));
    await waitFor(() => readFrames(e.messages).awareness.some((entries) => entries.some((x) => x.clientId === 1001)));
    for (const m of [a, b, e]) m.messages.length = 0;
    a.ws.send(awarenessFrame(1001, 2, { cursor: 1 }));
    a.ws.send(updateFrame(1001, "de Ana"));
    b.ws.send(awarenessFrame(1002, 1, { cursor: 2 }));
    b.ws.send(updateFrame(1002, "de Bob"));
    a.ws.send(awarenessFrame(1001, 3, { cursor: 3 }));

    await waitFor(() => readFrames(e.messages).updates.length === 2, "both updates at Eva");
    const atEva = readFrames(e.messages);
    // One awareness frame with the latest state of each client that changed.
    expect(atEva.awareness).toHaveLength(1);
    const latest = atEva.awareness[0]!.map((x) => [x.clientId, x.state?.cursor]);
    expect(latest.sort(([x], [y]) => Number(x) - Number(y))).toEqual([
      [1001, 3],
      [1002, 2],
    ]);
    await waitFor(() => readFrames(a.messages).updates.length === 1 && readFrames(b.messages).updates.length === 1);
    // Nobody gets its own update or presence back.
    const atAna = readFrames(a.messages);
    const atBob = readFrames(b.messages);
    expect(atAna.awareness.flat().map((x) => x.clientId)).toEqual([1002]);
    expect(atBob.awareness.flat().map((x) => x.clientId)).toEqual([1001]);
    expect(Y.decodeUpdate(atAna.updates[0]!).structs[0]!.id.client).toBe(1002);
    expect(Y.decodeUpdate(atBob.updates[0]!).structs[0]!.id.client).toBe(1001);
    // Both were stored, each with its author, before anyone received them.
    const rows = await t.rowsFor(room);
    expect(rows.map((row) => row.userId).sort()).toEqual([ana.id, bob.id].sort());
  });
});

describe("access", () => {
  it("refuses a foreign or missing Origin with 403 and unknown rooms with 404", async () => {
    const editor = await t.createUser();
    const { room } = await t.createCommitment({ team: [editor] });
    const server = await t.startServer();
    expect(await t.rawSocket(server, room, editor, "https://evil.example").refused).toBe(403);
    expect(await t.rawSocket(server, room, editor, null).refused).toBe(403);
    expect(await t.rawSocket(server, "commitment/does-not-exist", editor).refused).toBe(404);
    expect(await t.rawSocket(server, "session/does-not-exist", null).refused).toBe(404);
    expect(await t.rawSocket(server, "plans/whatever", editor).refused).toBe(404);
    expect(await t.rawSocket(server, "commitment/a/b", editor).refused).toBe(404);
    // The stock provider gets nothing through a foreign origin either.
    const foreign = t.connect(server, room, editor, { origin: "https://evil.example" });
    foreign.text.insert(0, "csrf");
    await waitFor(() => foreign.provider.wsUnsuccessfulReconnects >= 2, "foreign provider refused twice");
    expect(foreign.provider.synced).toBe(false);
    expect(await t.rowsFor(room)).toHaveLength(0);
    expect(server.collab.stats()).toEqual({ rooms: 0, connections: 0 });
  });

  it("closes a connection whose edit rights were revoked; it comes back read-only", async () => {
    const lead = await t.createUser({ name: "Líder" });
    const member = await t.createUser({ name: "Miembro" });
    const { id, room } = await t.createCommitment({ team: [lead, member] });
    const server = await t.startServer({ recheckIntervalMs: 50 });
    const l = await t.connectSynced(server, room, lead);
    const m = await t.connectSynced(server, room, member);
    m.text.insert(0, "antes ");
    await waitFor(() => l.text.toString() === "antes ", "member's edit relayed");

    await t.prisma.commitmentTeamMember.delete({
      where: { commitmentId_userId: { commitmentId: id, userId: member.id } },
    });
    await waitFor(
      () => m.closes.some((close) => close.code === CLOSE.PERMISSIONS_CHANGED.code),
      "permissions-changed close",
    );
    await waitFor(() => m.provider.synced, "member reconnected");
    await waitFor(() => userOf(m, l)?.readOnly === true, "member shown read-only");

    m.text.insert(0, "después ");
    m.provider.awareness.setLocalStateField("marker", 2);
    await waitFor(() => l.provider.awareness.getStates().get(m.doc.clientID)?.marker === 2, "barrier");
    expect(l.text.toString()).toBe("antes ");
    expect((await t.rowsFor(room)).every((row) => row.userId === member.id)).toBe(true);
    expect(await t.rowsFor(room)).toHaveLength(1);

    // Leaving DRAFT ends everyone's edit rights, the lead's too.
    await t.prisma.commitment.update({ where: { id }, data: { status: "IN_CONSULTATION" } });
    await waitFor(() => l.closes.some((close) => close.code === CLOSE.PERMISSIONS_CHANGED.code), "lead closed");
  });

  it("closes a connection whose session ended; the others keep editing", async () => {
    const leaving = await t.createUser({ name: "Sale" });
    const staying = await t.createUser({ name: "Queda" });
    const { room } = await t.createCommitment({ team: [leaving, staying] });
    const server = await t.startServer({ recheckIntervalMs: 50 });
    const a = await t.connectSynced(server, room, leaving);
    const b = await t.connectSynced(server, room, staying);
    await t.prisma.session.deleteMany({ where: { id: leaving.token.split(".")[0] } });
    await waitFor(() => a.closes.some((close) => close.code === CLOSE.PERMISSIONS_CHANGED.code), "closed");
    // It comes back as an anonymous visitor: read-only, and what it writes is dropped.
    await waitFor(() => a.provider.synced, "reconnected");
    a.text.insert(0, "anónimo ");
    b.text.insert(0, "sigue ");
    await waitFor(() => a.text.toString().includes("sigue "), "relayed to the visitor");
    expect(b.closes).toEqual([]);
    expect(b.text.toString()).toBe("sigue ");
    expect((await t.rowsFor(room)).map((row) => row.userId)).toEqual([staying.id]);
  });

  it("closes everyone when the room's commitment is deleted", async () => {
    const editor = await t.createUser();
    const { id, room } = await t.createCommitment({ team: [editor] });
    const server = await t.startServer({ recheckIntervalMs: 50 });
    const e = await t.connectSynced(server, room, editor);
    await t.prisma.commitment.delete({ where: { id } });
    await waitFor(() => e.closes.some((close) => close.code === CLOSE.ROOM_NOT_FOUND.code), "room-not-found close");
    // 4404 is permanent: the stock provider stops reconnecting.
    await waitFor(() => !e.provider.shouldConnect, "provider gave up");
  });
});
