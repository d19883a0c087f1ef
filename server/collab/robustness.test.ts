import v8 from "node:v8";
import vm from "node:vm";
import * as encoding from "lib0/encoding";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLOSE, LIMITS } from "../../app/collab/protocol.ts";
import { setupCollabTest, type TestServer } from "../../tests/support/collab-server.ts";
import { waitFor } from "../../tests/support/wait.ts";

// Hostile and heavy traffic: malformed frames close only the socket that sent them, oversized
// ones too, and many short visits leave nothing behind.

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

/** A small deterministic PRNG (mulberry32), so "random" frames are the same on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** [type, sub-type?, varUint8Array(payload)] */
const syncFrame = (step: number, payload: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

const awarenessFrame = (inner: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, inner);
  });

// A full garbage collection before measuring the heap, without starting Node with --expose-gc.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe("malformed input", () => {
  it("closes only the offending socket, with a clear code, and keeps the room working", async () => {
    const ana = await t.createUser({ name: "Ana" });
    const beto = await t.createUser({ name: "Beto" });
    const { room } = await t.createCommitment({ team: [ana, beto] });
    const server = await t.startServer();
    const a = await t.connectSynced(server, room, ana);
    const b = await t.connectSynced(server, room, beto);
    a.text.insert(0, "estable");
    await waitFor(() => b.text.toString() === "estable", "first edit relayed");

    const random = prng(20261126);
    const randomFrames = Array.from({ length: 24 }, () =>
      Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256)),
    );
    const badFrames: { name: string; data: Uint8Array | string; code: number }[] = [
      { name: "text frame", data: "hola", code: CLOSE.MALFORMED_MESSAGE.code },
      { name: "empty frame", data: new Uint8Array(0), code: CLOSE.MALFORMED_MESSAGE.code },
      { name: "truncated varint", data: Uint8Array.of(0x80), code: CLOSE.MALFORMED_MESSAGE.code },
      {
        name: "varint past 2^53",
        data: Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
        code: CLOSE.MALFORMED_MESSAGE.code,
      },
      { name: "sync without sub-type", data: Uint8Array.of(0), code: CLOSE.MALFORMED_MESSAGE.code },
      { name: "unknown sync sub-type", data: syncFrame(7, new Uint8Array(0)), code: CLOSE.MALFORMED_MESSAGE.code },
      { name: "length past the end", data: Uint8Array.of(0, 2, 50, 1, 2, 3), code: CLOSE.MALFORMED_MESSAGE.code },
      {
        name: "trailing bytes",
        data: Uint8Array.of(...syncFrame(0, Uint8Array.of(0)), 9),
        code: CLOSE.MALFORMED_MESSAGE.code,
      },
      { name: "unknown message type", data: Uint8Array.of(9, 0), code: CLOSE.MALFORMED_MESSAGE.code },
      { name: "auth message from a client", data: Uint8Array.of(2, 0, 0), code: CLOSE.MALFORMED_MESSAGE.code },
      {
        name: "corrupt Yjs update",
        data: syncFrame(2, Uint8Array.of(1, 1, 0xff, 0xff, 0xff)),
        code: CLOSE.MALFORMED_MESSAGE.code,
      },
      {
        name: "truncated Yjs update",
        data: syncFrame(1, Uint8Array.of(1, 3, 200, 1, 0, 4)),
        code: CLOSE.MALFORMED_MESSAGE.code,
      },
      {
        name: "truncated state vector",
        data: syncFrame(0, Uint8Array.of(2, 1, 0x80)),
        code: CLOSE.MALFORMED_MESSAGE.code,
      },
      {
        name: "awareness state that is not JSON",
        data: awarenessFrame(
          frame((e) => {
            encoding.writeVarUint(e, 1);
            encoding.writeVarUint(e, 77);
            encoding.writeVarUint(e, 1);
            encoding.writeVarString(e, "{no es json");
          }),
        ),
        code: CLOSE.MALFORMED_MESSAGE.code,
      },
      { name: "truncated awareness", data: awarenessFrame(Uint8Array.of(3, 77)), code: CLOSE.MALFORMED_MESSAGE.code },
      {
        name: "oversized frame",
        data: new Uint8Array(LIMITS.maxMessageBytes + 1),
        code: CLOSE.MESSAGE_TOO_BIG.code,
      },
      ...randomFrames.map((data, i) => ({ name: `random frame ${i}`, data, code: CLOSE.MALFORMED_MESSAGE.code })),
    ];

    for (const [i, bad] of badFrames.entries()) {
      // Alternate editors and anonymous viewers: both are parsed strictly.
      const raw = t.rawSocket(server, room, i % 2 === 0 ? ana : null);
      await raw.opened;
      raw.ws.send(bad.data);
      const closed = await Promise.race([
        raw.closed,
        new Promise<{ code: number; reason: string }>((resolve) =>
          setTimeout(() => resolve({ code: -1, reason: "still open" }), 2_000).unref(),
        ),
      ]);
      expect({ name: bad.name, code: closed.code }).toEqual({ name: bad.name, code: bad.code });
      if (bad.code !== CLOSE.MESSAGE_TOO_BIG.code) expect(closed.reason).toBe(CLOSE.MALFORMED_MESSAGE.reason);
    }

    // The well-behaved clients never noticed.
    a.text.insert(a.text.length, " y sigue");
    b.text.insert(0, "¡");
    await waitFor(
      () => a.text.toString() === "¡estable y sigue" && b.text.toString() === a.text.toString(),
      "edits after the attacks",
    );
    expect(a.closes).toEqual([]);
    expect(b.closes).toEqual([]);
    await waitFor(() => server.collab.stats().connections === 2, "only the two providers left");
    const fresh = await t.connectSynced(server, room, null);
    expect(fresh.text.toString()).toBe("¡estable y sigue");
  });

  it("refuses an update that would grow the document past its limit", async () => {
    const editor = await t.createUser();
    const { room } = await t.createCommitment({ team: [editor] });
    const server = await t.startServer({ maxDocumentBytes: 4_000 });
    const a = await t.connectSynced(server, room, editor);
    const watcher = await t.connectSynced(server, room, null);
    a.text.insert(0, "pequeño");
    await waitFor(() => watcher.text.toString() === "pequeño", "small edit relayed");
    a.text.insert(0, "x".repeat(5_000));
    await waitFor(() => a.closes.some((close) => close.code === CLOSE.DOCUMENT_TOO_LARGE.code), "too-large close");
    // 4413 is permanent: the provider stops instead of sending the same update forever.
    await waitFor(() => !a.provider.shouldConnect, "provider gave up");
    expect(watcher.text.toString()).toBe("pequeño");
    expect(await t.rowsFor(room)).toHaveLength(1);
  });
});

describe("many short visits", () => {
  it("leaves no room or connection behind, and memory near its baseline, after 1,000 connect/disconnect cycles", async () => {
    const editor = await t.createUser();
    const rooms = [
      await t.createCommitment({ team: [editor] }),
      await t.createCommitment({ team: [editor] }),
      await t.createCommitment({ team: [editor] }),
    ].map((c) => c.room);
    const server: TestServer = await t.startServer({ unloadDelayMs: 1 });
    const seed = await t.connectSynced(server, rooms[0]!, editor);
    seed.text.insert(0, "contenido previo");
    await waitFor(async () => (await t.rowsFor(rooms[0]!)).length === 1, "seed stored");
    seed.destroy();

    const step1 = syncFrame(0, Uint8Array.of(0));
    let cycles = 0;
    async function visit(i: number) {
      const room = rooms[i % rooms.length]!;
      const raw = t.rawSocket(server, room, i % 3 === 0 ? null : editor);
      await raw.opened;
      if (i % 4 === 3) {
        raw.ws.terminate(); // gone without a close handshake
      } else {
        raw.ws.send(step1);
        // Wait for the sync step 2 (the first frame starting 0,1).
        await waitFor(() => raw.messages.some((m) => m[0] === 0 && m[1] === 1), "sync step 2");
        raw.ws.close();
      }
      await raw.closed;
      cycles++;
    }
    // Ten visitors in parallel coming and going: a warm-up round, then the baseline, then the rest.
    const round = async (from: number, perLane: number) =>
      Promise.all(
        Array.from({ length: 10 }, async (_, lane) => {
          for (let k = 0; k < perLane; k++) await visit(from + lane * perLane + k);
        }),
      );
    await round(0, 10);
    await waitFor(() => server.collab.stats().rooms === 0, "warm-up rooms unloaded");
    const baseline = heapAfterGc();
    await round(100, 89);
    // And a few stock providers, connecting and leaving.
    for (let i = 0; i < 10; i++) {
      const client = await t.connectSynced(server, rooms[i % rooms.length]!, i % 2 ? editor : null);
      client.provider.awareness.setLocalStateField("cursor", i);
      client.destroy();
      cycles++;
    }
    expect(cycles).toBe(1000);

    await waitFor(() => {
      const { rooms, connections } = server.collab.stats();
      return rooms === 0 && connections === 0;
    }, "every room unloaded");
    // Nothing per connection is retained: the heap is back within a few MB of the baseline.
    expect(heapAfterGc() - baseline).toBeLessThan(8 * 1024 * 1024);

    const after = await t.connectSynced(server, rooms[0]!, null);
    expect(after.text.toString()).toBe("contenido previo");
    expect(await t.rowsFor(rooms[0]!)).toHaveLength(1);
  }, 120_000); // about 6 s alone; far more when the machine is busy with browser tests

  it("closes its sockets and flushes on close(), and refuses upgrades afterwards", async () => {
    const editor = await t.createUser();
    const { room } = await t.createCommitment({ team: [editor] });
    const server = await t.startServer({ unloadDelayMs: 60_000, compactEvery: 1_000 });
    const raw = t.rawSocket(server, room, editor);
    await raw.opened;
    const source = new Y.Doc();
    source.getText("body").insert(0, "último cambio");
    raw.ws.send(syncFrame(2, Y.encodeStateAsUpdate(source)));
    // Frames are handled in order: once the awareness query is answered, the update is queued.
    raw.ws.send(Uint8Array.of(3));
    await waitFor(() => raw.messages.some((m) => m[0] === 1), "awareness answer");
    await server.collab.close();
    expect((await raw.closed).code).toBe(CLOSE.SHUTTING_DOWN.code);
    await waitFor(() => server.collab.stats().connections === 0, "connections closed");
    expect(server.collab.stats().rooms).toBe(0);
    expect(await t.rowsFor(room)).toHaveLength(1);
    const snapshot = await t.prisma.collabSnapshot.findUnique({ where: { room } });
    const restored = new Y.Doc();
    Y.applyUpdate(restored, snapshot!.state);
    expect(restored.getText("body").toString()).toBe("último cambio");
    expect(await t.rawSocket(server, room, editor).refused).toBe(503);
  });
});
