import { io as ioClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { fieldsMap, readDraft } from "../../app/drafting/document.ts";
import { CLOSE } from "~/collab/protocol.ts";
import { createPrismaClient, type PrismaClient } from "~/utils/db.server.ts";
import { demoCommitmentId } from "../security/support.ts";
import { collabClient, socketHeaders, type CollabClient } from "../support/collab.ts";
import { login, postForm } from "../support/http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { waitFor } from "../support/wait.ts";
import {
  benignCollabFrame,
  benignSocketIoFrame,
  fatalCollabFrame,
  fatalSocketIoFrame,
  oversizedCollabFrame,
  wouldStore,
  type CollabFrame,
} from "./frames.ts";
import { documentFromRows, MiB, prng, rssBytes, sampleRss, seedFrom, stateVectorOf, type Random } from "./support.ts";

// Fault: a protocol fuzzer. Raw `ws` clients send at least 100,000 malformed, truncated, oversized
// and merely odd frames (frames.ts) to the real server process: y-websocket frames to a commitment
// draft's room (as its editor, as a read-only citizen and anonymously) and engine.io/socket.io
// packets to /socket.io/. Meanwhile two stock y-websocket providers keep co-drafting that room and
// a socket.io client follows a proposal whose supports keep changing. Afterwards: the process is
// up and answers /healthz; every malformed collab frame closed its own connection with the
// protocol's code (and nothing else); the good clients converged, and the document in the
// database is exactly theirs (no fuzz frame changed it); the socket.io client still receives live
// events; the server's resident memory stayed under a bound (sampled every 100 ms).
//
// The frames come from a seeded PRNG (the seed is printed); timing is not seeded. To reproduce:
//
//   FAULTS_FUZZ_SEED=123 npx vitest run tests/faults/protocol-fuzz.test.ts
//
// FAULTS_FUZZ_FRAMES raises the number of frames (100,000 by default, the minimum).

const SEED = seedFrom("FAULTS_FUZZ_SEED", "protocol fuzzer");
const TOTAL_FRAMES = Math.max(100_000, Number(process.env.FAULTS_FUZZ_FRAMES ?? 0));
/** Share of the frames that go to the collaboration server; the rest to socket.io. */
const COLLAB_SHARE = 0.7;
const COLLAB_WORKERS = 5;
const SOCKET_IO_WORKERS = 2;
const PLAN = "plan-demostracion-2027-2028";
/**
 * The RSS bound, over the baseline measured once the server is warm (demo data loaded, pages
 * rendered, the room and the good clients connected). What the server may hold for the fuzzer at
 * any moment is bounded by its limits: at most COLLAB_WORKERS + SOCKET_IO_WORKERS fuzz sockets
 * are open at once, each frame is at most 1 MiB (collab; ws refuses larger ones from the header)
 * or 64 KiB (socket.io), a connection's early inbox at most 256 frames, awareness at most 4
 * entries of 16 KiB per connection. That is well under 32 MiB live; the rest of the margin is V8's
 * heap growth under allocation churn (young-generation semispaces, old-space headroom before a
 * major GC), which measured at 25–45 MiB on this kind of 2-core machine. A leak per connection or
 * per frame (rooms, awareness states, buffers of closed sockets) crosses it within the run.
 */
const RSS_MARGIN = 128 * MiB;

let server: RunningServer;
let db: PrismaClient;
let room: string;
let editor: string;
let citizen: string;
let proposalId: string;

beforeAll(async () => {
  server = await startServer({ RATE_LIMIT_VOTES: "100000", RATE_LIMIT_PROPOSALS: "100000" });
  db = createPrismaClient(server.databaseUrl);
  editor = await login(server, "servidor@minka.pe");
  citizen = await login(server, "ciudadana@minka.pe");
  room = `commitment/${await demoCommitmentId(server, 1)}`;
  const published = await postForm(
    server,
    "/propuestas/nueva",
    {
      planId: PLAN,
      title: "Una propuesta que sigue viva mientras llega ruido",
      body: "Sus apoyos cambian durante la prueba de protocolo; alguien la sigue en vivo.",
    },
    { cookie: await login(server, "academia@minka.pe") },
  );
  expect(published.status).toBe(302);
  proposalId = published.headers.get("location")!.split("/")[2]!.split("?")[0]!;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await server?.stop();
});

type Tally = Map<string, Map<string, number>>;
function count(tally: Tally, kind: string, outcome: string) {
  const row = tally.get(kind) ?? new Map<string, number>();
  row.set(outcome, (row.get(outcome) ?? 0) + 1);
  tally.set(kind, row);
}
const tallyToObject = (tally: Tally) =>
  Object.fromEntries([...tally].map(([kind, row]) => [kind, Object.fromEntries([...row].sort())]));

/** Opens a raw websocket; resolves with it once open, or with the HTTP status that refused it. */
function openSocket(
  url: string,
  headers: Record<string, string>,
): Promise<{ ws: WebSocket; closed: Promise<number> } | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const closed = new Promise<number>((done) => ws.once("close", (code) => done(code)));
    // Writes after the server cut the socket (oversized frames) fail with EPIPE/ECONNRESET.
    ws.on("error", () => {});
    ws.once("open", () => resolve({ ws, closed }));
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), ms).unref())]);

/** Frames sent, by protocol. */
const sent = { collab: 0, socketIo: 0 };
/** Outcome of each collab connection by the kind of its last frame: the close code it got. */
const collabOutcomes: Tally = new Map();
const socketIoOutcomes: Tally = new Map();

/** One fuzz connection to the draft's room: benign frames, then (usually) one fatal frame. */
async function collabSession(random: Random): Promise<void> {
  const who = random.pick(["editor", "editor", "citizen", "anonymous"] as const);
  const cookie = who === "editor" ? editor : who === "citizen" ? citizen : null;
  const opened = await openSocket(`${server.url.replace("http", "ws")}/collab/${room}`, socketHeaders(server, cookie));
  if (typeof opened === "number") {
    count(collabOutcomes, "upgrade", `HTTP ${opened}`);
    return;
  }
  const { ws, closed } = opened;
  const send = (item: CollabFrame) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(item.data, { binary: typeof item.data !== "string" });
    sent.collab++;
  };
  if (random.chance(0.01)) {
    send(oversizedCollabFrame(random));
    count(collabOutcomes, "oversized", String(await within(closed, 10_000)));
    return;
  }
  const benign = 5 + random.int(300);
  for (let i = 0; i < benign; i++) send(benignCollabFrame(random, who !== "editor"));
  if (random.chance(0.15)) {
    // A clean goodbye after the benign frames: the connection must still be open by now.
    const pong = new Promise<void>((resolve) => ws.once("pong", () => resolve()));
    ws.ping();
    const answer = await within(
      Promise.race([pong.then(() => "open" as const), closed.then((code) => String(code))]),
      10_000,
    );
    count(collabOutcomes, "benign only", answer);
    ws.close(1000);
    await closed;
    return;
  }
  let fatal = fatalCollabFrame(random);
  while (wouldStore(fatal.data)) fatal = fatalCollabFrame(random);
  send(fatal);
  const code = await within(closed, 10_000);
  if (code === "timeout") ws.terminate();
  count(collabOutcomes, fatal.kind, String(code));
}

/** One fuzz connection to socket.io over a websocket (engine.io v4). */
async function socketIoSession(random: Random): Promise<void> {
  const cookie = random.pick([editor, citizen, null]);
  const opened = await openSocket(
    `${server.url.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`,
    socketHeaders(server, cookie),
  );
  if (typeof opened === "number") {
    count(socketIoOutcomes, "upgrade", `HTTP ${opened}`);
    return;
  }
  const { ws, closed } = opened;
  const send = (data: string | Uint8Array) => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(data, { binary: typeof data !== "string" });
    sent.socketIo++;
  };
  if (random.chance(0.9)) {
    // Join the main namespace and wait for the answer: events sent before it are dropped by
    // socket.io unparsed, and the point is to reach the event handlers.
    const joined = new Promise<void>((resolve) =>
      ws.on("message", (data) => {
        if (/^4[04]/.test(String(data))) resolve();
      }),
    );
    send(random.chance(0.8) ? "40" : `40${JSON.stringify({ token: random.word() })}`);
    const answer = await within(Promise.race([joined, closed]), 5_000);
    count(socketIoOutcomes, "namespace join", answer === undefined ? "joined" : String(answer));
  }
  const benign = 5 + random.int(400);
  for (let i = 0; i < benign; i++) send(benignSocketIoFrame(random, `proposal:${proposalId}`));
  if (random.chance(0.2)) {
    ws.close(1000);
    count(socketIoOutcomes, "benign only", String(await closed));
    return;
  }
  const fatal = fatalSocketIoFrame(random);
  send(fatal.data);
  const code = await within(closed, 200);
  if (code === "timeout") ws.close(1000);
  count(socketIoOutcomes, fatal.kind, code === "timeout" ? "kept open" : String(code));
  await closed;
}

/** Why the server process is gone (with the end of its output), or null while it runs. */
function serverDeath(): string | null {
  const { exitCode, signalCode } = server.process;
  if (exitCode === null && signalCode === null) return null;
  return `the server process died (exit ${exitCode}, signal ${signalCode}); its last output:\n${server.output().slice(-3000)}`;
}

async function worker(random: Random, done: () => boolean, session: (random: Random) => Promise<void>) {
  while (!done()) {
    try {
      await session(random);
    } catch (error) {
      // A fuzz socket may fail in ordinary ways; a dead server is what matters, so say so.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const death = serverDeath();
      if (death) throw new Error(death);
      throw error;
    }
  }
}

describe("protocol fuzzer", () => {
  it(`survives ${TOTAL_FRAMES} malformed, truncated and oversized Yjs and socket.io frames`, async () => {
    const pid = server.process.pid!;
    // The good clients: two editors co-drafting, and someone following the proposal live.
    const a = collabClient(server, room, editor);
    const b = collabClient(server, room, editor);
    const good: CollabClient[] = [a, b];
    await waitFor(() => a.provider.synced && b.provider.synced, "the good clients synced", 10_000);
    fieldsMap(a.doc).set("contactName", "A 0");
    await waitFor(() => fieldsMap(b.doc).get("contactName") === "A 0", "the first edit relayed", 10_000);
    const knownClients = new Set([
      ...Object.keys(stateVectorOf(a.doc)),
      String(a.doc.clientID),
      String(b.doc.clientID),
    ]);

    const follower: Socket = ioClient(server.url, {
      transports: ["websocket"],
      extraHeaders: socketHeaders(server, await login(server, "foro@minka.pe")),
      reconnection: false,
    });
    const liveEvents: { type: string; at: number }[] = [];
    follower.on("live", (message: { room: string; type: string }) => {
      if (message.room === `proposal:${proposalId}`) liveEvents.push({ type: message.type, at: Date.now() });
    });
    await new Promise<void>((resolve, reject) => {
      follower.once("connect", () => resolve());
      follower.once("connect_error", reject);
    });
    const ack = (await follower.timeout(5000).emitWithAck("live:subscribe", { rooms: [`proposal:${proposalId}`] })) as {
      ok: boolean;
    };
    expect(ack.ok).toBe(true);
    let followerDisconnected = false;
    follower.on("disconnect", () => (followerDisconnected = true));

    // Warm: a few pages rendered, the room and the clients in place.
    for (const path of ["/", "/planes", `/propuestas/${proposalId}`])
      expect((await fetch(`${server.url}${path}`)).status).toBe(200);
    const baseline = rssBytes(pid);
    const rss = sampleRss(pid);

    // Meanwhile: edits from both good clients, supports given and withdrawn.
    let fuzzing = true;
    let edits = 0;
    const editing = (async () => {
      while (fuzzing) {
        edits++;
        if (edits % 2) fieldsMap(a.doc).set("contactName", `A ${edits}`);
        else fieldsMap(b.doc).set("leadInstitution", `B ${edits}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const voteStatuses: number[] = [];
    const voting = (async () => {
      for (let i = 0; fuzzing; i++) {
        if (serverDeath()) return;
        const response = await postForm(
          server,
          `/propuestas/${proposalId}`,
          { intent: i % 2 ? "unvote" : "vote" },
          { cookie: citizen },
        ).catch(() => null);
        // -1: no answer at all (the assertion on the statuses reports it).
        voteStatuses.push(response?.status ?? -1);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

    const started = Date.now();
    const collabTarget = Math.ceil(TOTAL_FRAMES * COLLAB_SHARE);
    const socketIoTarget = TOTAL_FRAMES - collabTarget;
    await Promise.all([
      ...Array.from({ length: COLLAB_WORKERS }, (_, i) =>
        worker(prng(SEED + 1 + i), () => sent.collab >= collabTarget, collabSession),
      ),
      ...Array.from({ length: SOCKET_IO_WORKERS }, (_, i) =>
        worker(prng(SEED + 101 + i), () => sent.socketIo >= socketIoTarget, socketIoSession),
      ),
    ]);
    const fuzzSeconds = (Date.now() - started) / 1000;
    fuzzing = false;
    await Promise.all([editing, voting]);
    const eventsDuringFuzz = liveEvents.length;

    // Still alive, and still serving.
    expect(server.process.exitCode).toBeNull();
    expect(server.process.signalCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    // Every malformed collab frame closed its own connection as malformed (4400); every oversized
    // one with 1009 from ws; benign-only connections stayed open. Nothing hit an internal error.
    const outcomes = tallyToObject(collabOutcomes);
    console.log(
      `protocol fuzzer: ${sent.collab} collab + ${sent.socketIo} socket.io frames in ${fuzzSeconds.toFixed(1)} s; ` +
        `${edits} good edits, ${voteStatuses.length} supports changed, ${eventsDuringFuzz} live events received; ` +
        `RSS baseline ${(baseline / MiB).toFixed(1)} MiB, peak ${(rss.peak() / MiB).toFixed(1)} MiB ` +
        `(${rss.samples.length} samples)\ncollab outcomes: ${JSON.stringify(outcomes)}\n` +
        `socket.io outcomes: ${JSON.stringify(tallyToObject(socketIoOutcomes))}`,
    );
    expect(sent.collab + sent.socketIo).toBeGreaterThanOrEqual(TOTAL_FRAMES);
    for (const [kind, codes] of Object.entries(outcomes)) {
      const expected =
        kind === "oversized"
          ? [String(CLOSE.MESSAGE_TOO_BIG.code)]
          : kind === "benign only"
            ? ["open"]
            : kind === "random bytes"
              ? // Random bytes are now and then a well-formed frame (e.g. a query): left open.
                [String(CLOSE.MALFORMED_MESSAGE.code), "timeout"]
              : [String(CLOSE.MALFORMED_MESSAGE.code)];
      expect(
        Object.keys(codes).filter((code) => !expected.includes(code)),
        `close codes after "${kind}"`,
      ).toEqual([]);
    }
    expect(Object.keys(outcomes)).toContain("oversized");
    expect(
      voteStatuses.every((status) => status === 302),
      `supports: ${voteStatuses.join(",")}`,
    ).toBe(true);

    // The good clients were never disconnected, and converged.
    expect(good.flatMap((client) => client.closes)).toEqual([]);
    fieldsMap(a.doc).set("contactName", "A final");
    fieldsMap(b.doc).set("leadInstitution", "B final");
    await waitFor(
      () =>
        JSON.stringify(stateVectorOf(a.doc)) === JSON.stringify(stateVectorOf(b.doc)) &&
        fieldsMap(a.doc).get("leadInstitution") === "B final" &&
        fieldsMap(b.doc).get("contactName") === "A final",
      "the good clients converged",
      10_000,
    );
    const converged = { stateVector: stateVectorOf(a.doc), draft: readDraft(a.doc) };
    expect(readDraft(b.doc)).toEqual(converged.draft);

    // The document in the database is exactly what they converged on: no fuzz frame changed it.
    const fromDatabase = await waitFor(
      async () => {
        const snapshot = await db.collabSnapshot.findUnique({ where: { room } });
        const updates = await db.collabUpdate.findMany({
          where: { room, id: { gt: snapshot?.upToId ?? 0 } },
          orderBy: { id: "asc" },
        });
        const doc = documentFromRows(snapshot, updates);
        return JSON.stringify(stateVectorOf(doc)) === JSON.stringify(converged.stateVector) ? doc : null;
      },
      "the stored document to match the good clients",
      10_000,
      20,
    );
    expect(readDraft(fromDatabase!)).toEqual(converged.draft);
    expect(Object.keys(converged.stateVector).filter((client) => !knownClients.has(client))).toEqual([]);
    const authors = await db.collabAuthor.findMany({ where: { room }, select: { clientId: true } });
    expect(authors.map((row) => String(row.clientId)).filter((client) => !knownClients.has(client))).toEqual([]);

    // The live follower kept its connection and receives events during and after the fuzzing.
    expect(eventsDuringFuzz).toBeGreaterThan(0);
    expect(followerDisconnected).toBe(false);
    const after = await postForm(
      server,
      `/propuestas/${proposalId}`,
      { intent: voteStatuses.length % 2 ? "unvote" : "vote" },
      { cookie: citizen },
    );
    expect(after.status).toBe(302);
    await waitFor(() => liveEvents.length > eventsDuringFuzz, "a live event after the fuzzing", 10_000);

    // Memory stayed bounded while it lasted.
    rss.stop();
    expect(
      rss.peak(),
      `peak RSS ${(rss.peak() / MiB).toFixed(1)} MiB over a ${(baseline / MiB).toFixed(1)} MiB baseline`,
    ).toBeLessThan(baseline + RSS_MARGIN);

    // No unexpected failure was logged (pino level 50 = error, 60 = fatal).
    const errors = server
      .output()
      .split("\n")
      .filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);

    follower.disconnect();
    for (const client of good) client.destroy();
  }, 300_000);
});
