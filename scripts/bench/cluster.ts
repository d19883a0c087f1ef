import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import * as encoding from "lib0/encoding";
import pg from "pg";
import { WebSocket } from "ws";
import {
  type Child,
  fmt,
  is,
  killChildren,
  machine,
  machineBusyMicros,
  procUsage,
  sleep,
  start,
  stop,
  waitForQuiet,
} from "./harness.ts";
import {
  benchUserIds,
  fillPostgres,
  fillSqlite,
  insertUsersSqlite,
  listPages,
  measureTtfb,
  mostSupported,
  pageData,
  startMinka,
  type MinkaProcess,
  type TtfbResult,
} from "./proposal-pages.ts";
import {
  Histogram,
  nowMicros,
  type EditorSpec,
  type ServerCommand,
  type ServerEvent,
  type WorkerCommand,
  type WorkerConfig,
  type WorkerEvent,
  type WorkerReport,
} from "./shared.ts";

// `npm run bench:cluster` (not a test): what a second node buys, measured on this machine.
//
// 1. Co-drafting. The same load as `npm run bench` (scripts/bench/collab.ts: simulated editors
//    typing 5 edits and moving their cursor twice a second, latency from an edit to its arrival at
//    every other editor of the room) run against Minka's collaboration server on ONE node and on
//    TWO nodes, in the same run, on a ladder of sizes (R rooms × N editors each). Both set-ups
//    run exactly as a cluster does: every node on one PostgreSQL database and one Redis, rooms
//    fanning out through the Redis stream (server/collab/redis-bus.ts), so the only difference is
//    the number of node processes. On two nodes the editors of every room are dealt to the nodes
//    in turn (`--placement spread`, what a round-robin balancer does: every edit crosses Redis),
//    or each room is kept on one node (`--placement room`). Each node is scripts/bench/server.ts
//    (the collab server alone, in its own process); the editors are scripts/bench/editors.ts.
//    Reported: p50/p95/p99, CPU per delivery for each node (from /proc), the CPU Redis and this
//    database's PostgreSQL backends used, the largest number of editors served at p95 ≤ 100 ms
//    for each set-up and the ratio 2 nodes / 1 node.
// 2. The proposal pages on PostgreSQL against SQLite: the real server (server/index.ts, demo
//    data) on each database, both filled with the same 10,000 proposals and 100,000 votes
//    (scripts/bench/proposal-pages.ts, shared with bench:votes); p50/p95 time to first byte at 50
//    concurrent requests for /propuestas (four variants) and a proposal's page, and the ratio.
//
// Needs PostgreSQL (MINKA_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test,
// used to create and drop databases named minka_bench_*) and Redis (MINKA_BENCH_REDIS_URL,
// default redis://127.0.0.1:6379; keys under a prefix of the run's own, deleted at the end).
// Method and results: docs/benchmarks.md.

const HELP = `Usage: npm run bench:cluster -- [options]

  --quick               a few minutes on a quiet machine: 2 steps (1×100, 2×100 editors), 8 s windows,
                        200 page requests per measurement
  --rooms LIST          rooms per step (default 1,2,3,4)
  --editors N           editors per room (default 100; a room takes at most 200)
  --placement P         spread (default: each room's editors dealt to the nodes in turn) or
                        room (each room on one node)
  --seconds S           measured window per run (default 15)
  --warmup S            editing before the window opens (default 3)
  --edit-hz R           edits per editor per second (default 5)
  --awareness-hz R      cursor updates per editor per second (default 2)
  --workers W           load-generator processes (default: 1 on ≤ 2 cores, else cores − 1, max 4)
  --retries R           repeat a run disturbed by other processes (≥ 20 % of a core) up to R
                        times and keep the least disturbed (default 0)
  --quiet-wait S        before each run, wait up to S seconds for the machine to go quiet (30)
  --proposals N         proposals for the page comparison (default 10000)
  --votes N             distinct votes (default 100000)
  --page-requests N     requests per page and database (default 500)
  --page-concurrency C  requests in flight (default 50)
  --only PART           collab or pages (default both)
  --json FILE           also write the results as JSON
  --verbose             show the child processes' output
`;

type Placement = "spread" | "room";
type Step = { rooms: number; perRoom: number };

type Options = {
  quick: boolean;
  steps: Step[];
  placement: Placement;
  seconds: number;
  warmup: number;
  editHz: number;
  awarenessHz: number;
  workers: number;
  retries: number;
  quietWait: number;
  proposals: number;
  votes: number;
  pageRequests: number;
  pageConcurrency: number;
  collab: boolean;
  pages: boolean;
  json: string | null;
  verbose: boolean;
  postgresUrl: string;
  redisUrl: string;
};

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      rooms: { type: "string" },
      editors: { type: "string", default: "100" },
      placement: { type: "string", default: "spread" },
      seconds: { type: "string" },
      warmup: { type: "string" },
      "edit-hz": { type: "string", default: "5" },
      "awareness-hz": { type: "string", default: "2" },
      workers: { type: "string" },
      retries: { type: "string", default: "0" },
      "quiet-wait": { type: "string", default: "30" },
      proposals: { type: "string", default: "10000" },
      votes: { type: "string", default: "100000" },
      "page-requests": { type: "string" },
      "page-concurrency": { type: "string", default: "50" },
      only: { type: "string" },
      json: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const number = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}]`);
    return n;
  };
  const quick = values.quick;
  const perRoom = Math.round(number("editors", values.editors, 2, 200));
  const rooms = (values.rooms ?? (quick ? "1,2" : "1,2,3,4"))
    .split(",")
    .map((v) => Math.round(number("rooms", v.trim(), 1, 50)));
  if (values.placement !== "spread" && values.placement !== "room")
    throw new Error("--placement must be spread or room");
  if (values.only && values.only !== "collab" && values.only !== "pages")
    throw new Error("--only must be collab or pages");
  const proposals = Math.round(number("proposals", values.proposals, 1, 1_000_000));
  const votes = Math.round(number("votes", values.votes, 0, 10_000_000));
  return {
    quick,
    steps: rooms.map((r) => ({ rooms: r, perRoom })),
    placement: values.placement,
    seconds: number("seconds", values.seconds ?? (quick ? "8" : "15"), 1, 300),
    warmup: number("warmup", values.warmup ?? (quick ? "2" : "3"), 0, 60),
    editHz: number("edit-hz", values["edit-hz"], 0.1, 50),
    awarenessHz: number("awareness-hz", values["awareness-hz"], 0, 50),
    workers: values.workers
      ? Math.round(number("workers", values.workers, 1, 16))
      : Math.min(4, Math.max(1, os.availableParallelism() - 1)),
    retries: Math.round(number("retries", values.retries, 0, 10)),
    quietWait: number("quiet-wait", values["quiet-wait"], 0, 600),
    proposals,
    votes,
    pageRequests: Math.round(number("page-requests", values["page-requests"] ?? (quick ? "200" : "500"), 1, 100_000)),
    pageConcurrency: Math.round(number("page-concurrency", values["page-concurrency"], 1, 1000)),
    collab: values.only !== "pages",
    pages: values.only !== "collab",
    json: values.json ?? null,
    verbose: values.verbose,
    postgresUrl: process.env.MINKA_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
    redisUrl: process.env.MINKA_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}

// ---- PostgreSQL databases of the run ------------------------------------------------------------

const RUN_ID = randomUUID().replace(/-/g, "").slice(0, 10);
const createdDatabases: string[] = [];

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database minka_bench_<what>_<run>; dropped by dropDatabases. */
async function createDatabase(adminUrl: string, what: string): Promise<{ name: string; url: string }> {
  const name = `minka_bench_${what}_${RUN_ID}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  createdDatabases.push(name);
  return { name, url: databaseUrl(adminUrl, name) };
}

async function dropDatabases(adminUrl: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    for (const name of createdDatabases.splice(0))
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error: unknown) => {
        console.error(`could not drop ${name}: ${String(error)}`);
      });
  });
}

/** The server processes of this database's PostgreSQL connections (to read their CPU in /proc). */
async function postgresBackends(admin: pg.Client, database: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [
    database,
  ]);
  return rows.map((row) => row.pid);
}

// ---- co-drafting: fixture -------------------------------------------------------------------------

type CollabFixture = {
  database: string;
  databaseUrl: string;
  cookies: string[];
  /** Fresh commitment rooms for each (nodes, step), one set per attempt, taken in order. */
  rooms: Map<string, string[][]>;
};

const roomKey = (nodes: number, step: Step) => `${nodes}:${step.rooms}x${step.perRoom}`;

/**
 * A migrated PostgreSQL database with `perRoom` users (each with a session made by createSession)
 * and, for each node count, step and attempt, `rooms` DRAFT commitments whose drafting team is
 * every user: a room is never reused, so every run starts from an empty document.
 */
async function createCollabFixture(options: Options, nodeCounts: number[]): Promise<CollabFixture> {
  const { name, url } = await createDatabase(options.postgresUrl, "collab");
  const { migratePostgres } = await import("../../server/db/migrate-postgres.ts");
  await migratePostgres(url);
  process.env.DATABASE_URL = url;
  process.env.LOG_LEVEL ??= "warn";
  const { prisma } = await import("../../app/utils/db.server.ts");
  const { createSession, SESSION_COOKIE } = await import("../../app/utils/session.server.ts");
  await prisma().territory.create({ data: { id: "PE", name: "Perú", level: "COUNTRY" } });
  await prisma().plan.create({
    data: {
      id: "plan-bench",
      name: "Plan de prueba de carga",
      periodStart: 2026,
      periodEnd: 2028,
      scope: "NATIONAL",
      territoryId: "PE",
      phase: "CO_CREATION",
    },
  });
  const perRoom = Math.max(...options.steps.map((s) => s.perRoom));
  const userIds: string[] = [];
  const cookies: string[] = [];
  for (let i = 0; i < perRoom; i++) {
    const user = await prisma().user.create({
      data: { email: `editor${i}@bench.minka.pe`, name: `Editora ${i}`, passwordHash: "x", role: "CITIZEN" },
    });
    userIds.push(user.id);
    cookies.push(`${SESSION_COOKIE}=${(await createSession(user.id, "minka-bench")).token}`);
  }
  const rooms = new Map<string, string[][]>();
  let number = 0;
  for (const nodes of nodeCounts) {
    for (const step of options.steps) {
      const sets: string[][] = [];
      for (let attempt = 0; attempt <= options.retries; attempt++) {
        const set: string[] = [];
        for (let r = 0; r < step.rooms; r++) {
          const commitment = await prisma().commitment.create({
            data: {
              planId: "plan-bench",
              number: ++number,
              title: `Compromiso ${number}: ${step.perRoom} redactoras, ${nodes} nodo(s)`,
              status: "DRAFT",
              team: { create: userIds.slice(0, step.perRoom).map((userId) => ({ userId })) },
            },
          });
          set.push(`commitment/${commitment.id}`);
        }
        sets.push(set);
      }
      rooms.set(roomKey(nodes, step), sets);
    }
  }
  await prisma().$disconnect();
  return { database: name, databaseUrl: url, cookies, rooms };
}

/**
 * Opens a room on one node and waits for its first sync answer, then leaves: the room is seeded
 * from the database (and its seed's author recorded) by that node alone before the editors come.
 * Two nodes opening the same new room at the same instant can both try to insert the seed's
 * CollabAuthor row on PostgreSQL, and the loser closes its sockets with 4500 (see
 * docs/benchmarks.md); the benchmark measures editing, so it opens each room once first.
 */
function openRoom(url: string, origin: string, cookie: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Origin: origin, Cookie: cookie }, perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${url}: no sync answer in 30 s`));
    }, 30_000);
    ws.on("open", () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0); // sync
      encoding.writeVarUint(encoder, 0); // step 1
      encoding.writeVarUint8Array(encoder, new Uint8Array([0])); // empty state vector
      ws.send(encoding.toUint8Array(encoder));
    });
    ws.on("message", (data: Buffer) => {
      // The server's sync step 2 (its document): the room is loaded.
      if (data[0] === 0 && data[1] === 1) {
        clearTimeout(timer);
        ws.close();
        resolve();
      }
    });
    ws.on("error", () => {});
    ws.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`${url}: closed (${code}) before syncing`));
    });
  });
}

// ---- co-drafting: one run ---------------------------------------------------------------------

type CpuSample = { cpuMicros: number } | null;

type CollabResult = {
  nodes: number;
  rooms: number;
  perRoom: number;
  editors: number;
  seconds: number;
  editsPerSecond: number;
  targetEditsPerSecond: number;
  editsLate: number;
  deliveriesPerSecond: number;
  completeness: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  awarenessP95: number;
  /** Per node: CPU in % of one core, and CPU seconds per 1,000 deliveries to its own editors. */
  nodeCpuPercent: number[];
  nodeCpuPer1000: number[];
  /** All nodes' CPU per 1,000 deliveries. */
  nodesCpuPer1000: number;
  /** Nodes + Redis + this database's PostgreSQL backends, per 1,000 deliveries. */
  clusterCpuPer1000: number;
  redisCpuPercent: number | null;
  postgresCpuPercent: number | null;
  generatorCpuPercent: number[];
  /** The rest of the machine (other engineers' work, this script), in % of one core. */
  otherCpuPercent: number | null;
  peakRssMB: number[];
  closes: Record<string, number>;
  serverWarnings: string[];
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const delta = (before: CpuSample, after: CpuSample) => (before && after ? after.cpuMicros - before.cpuMicros : NaN);

async function collectReports(workers: Child<WorkerEvent>[]): Promise<WorkerReport[]> {
  const pending = workers.map((w) => w.next(is<WorkerEvent, "report">("report"), "report", 10_000));
  for (const w of workers) w.send({ type: "report" } satisfies WorkerCommand);
  return (await Promise.all(pending)).map((event) => event.report);
}

type RunContext = {
  options: Options;
  fixture: CollabFixture;
  epoch: bigint;
  redisPrefix: string;
  redisPid: number | null;
  admin: pg.Client;
};

async function runCollab(nodes: number, step: Step, context: RunContext): Promise<CollabResult> {
  const { options, fixture, epoch } = context;
  const n = step.perRoom;
  const servers: Child<ServerEvent>[] = [];
  const workers: Child<WorkerEvent>[] = [];
  try {
    for (let i = 0; i < nodes; i++) {
      servers.push(
        start<ServerEvent>(
          "server.ts",
          ["minka"],
          {
            ...process.env,
            DATABASE_URL: fixture.databaseUrl,
            BENCH_REDIS_URL: options.redisUrl,
            REDIS_PREFIX: context.redisPrefix,
            BENCH_EPOCH: epoch.toString(),
          },
          `node ${i + 1}`,
          options.verbose,
        ),
      );
    }
    const listening = await Promise.all(
      servers.map((s) => s.next(is<ServerEvent, "listening">("listening"), "the node to listen", 60_000)),
    );
    const rooms = fixture.rooms.get(roomKey(nodes, step))!.shift()!;
    const specs: EditorSpec[] = [];
    for (const [k, room] of rooms.entries()) {
      for (let j = 0; j < n; j++) {
        const group = options.placement === "spread" ? j % nodes : k % nodes;
        const origin = `http://127.0.0.1:${listening[group]!.port}`;
        specs.push({
          index: k * n + j,
          cookie: fixture.cookies[j]!,
          url: `${origin.replace("http", "ws")}/collab/${room}`,
          origin,
          group,
        });
      }
    }
    for (const room of rooms) {
      const origin = `http://127.0.0.1:${listening[0]!.port}`;
      await openRoom(`${origin.replace("http", "ws")}/collab/${room}`, origin, fixture.cookies[0]!);
    }
    const workerCount = Math.min(options.workers, specs.length);
    for (let w = 0; w < workerCount; w++) {
      const worker = start<WorkerEvent>("editors.ts", [], process.env, `editors ${w + 1}`, options.verbose);
      workers.push(worker);
      const config: WorkerConfig = {
        url: specs[0]!.url!,
        origin: specs[0]!.origin!,
        editors: specs.filter((_, i) => i % workerCount === w),
        editHz: options.editHz,
        awarenessHz: options.awarenessHz,
        awarenessEcho: false,
        keepChars: 48,
        epoch: epoch.toString(),
        seed: 1000 + w,
      };
      worker.send({ type: "start", config } satisfies WorkerCommand);
    }
    await Promise.all(
      workers.map((w) => w.next(is<WorkerEvent, "connected">("connected"), "editors to connect and sync", 120_000)),
    );

    for (const w of workers) w.send({ type: "edit" } satisfies WorkerCommand);
    await sleep(options.warmup * 1000);

    const lead = 50_000; // µs: every process gets the mark before it takes effect
    const markAt = nowMicros(epoch) + lead;
    for (const w of workers) w.send({ type: "mark", at: markAt } satisfies WorkerCommand);
    await Promise.all(workers.map((w) => w.next(is<WorkerEvent, "marked">("marked"), "mark", 60_000)));
    await sleep(Math.max(0, (markAt - nowMicros(epoch)) / 1000));
    const pids = {
      nodes: servers.map((s) => s.process.pid!),
      workers: workers.map((w) => w.process.pid!),
      postgres: await postgresBackends(context.admin, fixture.database),
    };
    const sample = () => ({
      wallMs: performance.now(),
      busy: machineBusyMicros(),
      nodes: pids.nodes.map(procUsage),
      workers: pids.workers.map(procUsage),
      redis: context.redisPid === null ? null : procUsage(context.redisPid),
      postgres: pids.postgres.map(procUsage),
    });
    const atMark = sample();
    const peakRss = atMark.nodes.map((u) => u?.rssBytes ?? 0);
    const sampler = setInterval(() => {
      for (const [i, pid] of pids.nodes.entries()) peakRss[i] = Math.max(peakRss[i]!, procUsage(pid)?.rssBytes ?? 0);
    }, 250);

    await sleep(options.seconds * 1000);
    const stopAt = nowMicros(epoch) + lead;
    const stopped = workers.map((w) => w.next(is<WorkerEvent, "stopped">("stopped"), "stop", 60_000));
    const drainMs = 15_000;
    for (const w of workers)
      w.send({ type: "stop", at: stopAt, drainUntil: stopAt + drainMs * 1000 } satisfies WorkerCommand);
    await sleep(Math.max(0, (stopAt - nowMicros(epoch)) / 1000));
    const atStop = sample();
    clearInterval(sampler);
    await Promise.all(stopped);

    // Drain: until every edit of the window has reached every other editor of its room (or 15 s).
    const drainDeadline = Date.now() + drainMs;
    let reports: WorkerReport[];
    for (;;) {
      reports = await collectReports(workers);
      const sent = sum(reports.map((r) => r.editsSent));
      const delivered = sum(reports.map((r) => r.deliveredOfWindowEdits));
      if (delivered >= sent * (n - 1) || Date.now() > drainDeadline) break;
      await sleep(250);
    }

    const latency = new Histogram();
    const awareness = new Histogram();
    for (const r of reports) {
      latency.merge(new Histogram(r.updateLatency));
      awareness.merge(new Histogram(r.awarenessLatency));
    }
    const windowMs = atStop.wallMs - atMark.wallMs;
    const windowSeconds = windowMs / 1000;
    const percent = (micros: number) => (micros / 1000 / windowMs) * 100;
    const nodeCpu = pids.nodes.map((_, i) => delta(atMark.nodes[i]!, atStop.nodes[i]!));
    const workerCpu = pids.workers.map((_, i) => delta(atMark.workers[i]!, atStop.workers[i]!));
    const redisCpu = delta(atMark.redis, atStop.redis);
    // Backends that went away during the window are left out (their CPU is unknown).
    const postgresCpu = sum(
      pids.postgres.map((_, i) => delta(atMark.postgres[i]!, atStop.postgres[i]!)).filter(Number.isFinite),
    );
    const deliveredInWindow = sum(reports.map((r) => r.deliveredInWindow));
    const deliveredByNode = pids.nodes.map((_, i) => sum(reports.map((r) => r.deliveredInWindowByGroup[i] ?? 0)));
    const editsSent = sum(reports.map((r) => r.editsSent));
    const known = (value: number) => (Number.isFinite(value) ? value : 0);
    const closes: Record<string, number> = {};
    for (const r of reports) for (const c of r.closes) closes[c.code] = (closes[c.code] ?? 0) + 1;
    return {
      nodes,
      rooms: step.rooms,
      perRoom: n,
      editors: step.rooms * n,
      seconds: windowSeconds,
      editsPerSecond: editsSent / windowSeconds,
      targetEditsPerSecond: step.rooms * n * options.editHz,
      editsLate: sum(reports.map((r) => r.editsLate)),
      deliveriesPerSecond: deliveredInWindow / windowSeconds,
      completeness: editsSent === 0 ? 0 : sum(reports.map((r) => r.deliveredOfWindowEdits)) / (editsSent * (n - 1)),
      p50: latency.quantile(0.5) / 1000,
      p95: latency.quantile(0.95) / 1000,
      p99: latency.quantile(0.99) / 1000,
      max: latency.max / 1000,
      awarenessP95: awareness.quantile(0.95) / 1000,
      nodeCpuPercent: nodeCpu.map(percent),
      nodeCpuPer1000: nodeCpu.map((cpu, i) => cpu / 1e6 / (deliveredByNode[i]! / 1000)),
      nodesCpuPer1000: sum(nodeCpu) / 1e6 / (deliveredInWindow / 1000),
      clusterCpuPer1000: (sum(nodeCpu) + known(redisCpu) + postgresCpu) / 1e6 / (deliveredInWindow / 1000),
      redisCpuPercent: Number.isFinite(redisCpu) ? percent(redisCpu) : null,
      postgresCpuPercent: pids.postgres.length > 0 ? percent(postgresCpu) : null,
      generatorCpuPercent: workerCpu.map(percent),
      otherCpuPercent:
        atMark.busy === null || atStop.busy === null
          ? null
          : Math.max(
              0,
              percent(
                atStop.busy -
                  atMark.busy -
                  sum(nodeCpu.map(known)) -
                  sum(workerCpu.map(known)) -
                  known(redisCpu) -
                  postgresCpu,
              ),
            ),
      peakRssMB: peakRss.map((bytes) => bytes / 2 ** 20),
      closes,
      serverWarnings: servers.flatMap((s) => s.log.filter((line) => /"level":(40|50|60)/.test(line)).slice(-3)),
    };
  } catch (error) {
    // The nodes' own account of what went wrong, with the error.
    const logs = servers.flatMap((s, i) =>
      s.log.filter((line) => /"level":(40|50|60)/.test(line)).map((line) => `node ${i + 1}: ${line.slice(0, 600)}`),
    );
    if (logs.length > 0 && error instanceof Error) error.message += `\n${logs.slice(-6).join("\n")}`;
    throw error;
  } finally {
    await Promise.all(workers.map((w) => stop(w, { type: "close" } satisfies WorkerCommand, 5_000)));
    await Promise.all(servers.map((s) => stop(s, { type: "close" } satisfies ServerCommand, 15_000)));
  }
}

// ---- co-drafting: the ladder and its report -------------------------------------------------------

/** Not everything sent during the window arrived within the drain: the set-up could not keep up. */
const overloaded = (r: CollabResult) => r.completeness < 0.999;
const serves = (r: CollabResult) => r.p95 <= 100 && !overloaded(r);

async function benchCollab(options: Options, out: string[]): Promise<{ results: CollabResult[]; failures: string[] }> {
  const nodeCounts = [1, 2];
  console.log(
    `\nCo-drafting: ${options.steps.map((s) => `${s.rooms}×${s.perRoom}`).join(", ")} editors (rooms × editors per room), ` +
      `${options.editHz} edits/s and ${options.awarenessHz} cursor updates/s each; ${options.warmup} s warm-up, ` +
      `${options.seconds} s measured; placement on 2 nodes: ${options.placement}; ${options.workers} generator process(es).`,
  );
  console.log("Preparing the PostgreSQL database (users, sessions, commitments)…");
  const fixture = await createCollabFixture(options, nodeCounts);
  const redisPrefix = `minka-bench-${RUN_ID}`;
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: true });
  await redis.connect();
  const admin = new pg.Client({ connectionString: options.postgresUrl });
  await admin.connect();
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info("server"))?.[1] ?? NaN);
  const context: RunContext = {
    options,
    fixture,
    epoch: process.hrtime.bigint(),
    redisPrefix,
    redisPid: Number.isFinite(redisPid) && procUsage(redisPid) ? redisPid : null,
    admin,
  };
  const results: CollabResult[] = [];
  const failures: string[] = [];
  try {
    for (const step of options.steps) {
      for (const nodes of nodeCounts) {
        let result: CollabResult | null = null;
        for (let attempt = 0; attempt <= options.retries; attempt++) {
          const busy = await waitForQuiet(options.quietWait * 1000, 25);
          process.stdout.write(
            `running ${nodes} node${nodes > 1 ? "s" : ""} with ${step.rooms} × ${step.perRoom} editors` +
              `${attempt > 0 ? ` (again, ${attempt}/${options.retries})` : ""}` +
              `${busy !== null && busy > 25 ? ` (machine busy: ${fmt(busy, 0)} % of a core used by others)` : ""}… `,
          );
          let attemptResult: CollabResult;
          try {
            attemptResult = await runCollab(nodes, step, context);
          } catch (error) {
            const full = error instanceof Error ? error.message : String(error);
            const message = full.split("\n")[0]!;
            process.stdout.write(`FAILED: ${full}\n`);
            failures.push(`${nodes} node(s), ${step.rooms} × ${step.perRoom}: ${message}`);
            break;
          }
          const other = attemptResult.otherCpuPercent ?? 0;
          process.stdout.write(
            `p50 ${fmt(attemptResult.p50)} ms, p95 ${fmt(attemptResult.p95)} ms, p99 ${fmt(attemptResult.p99)} ms, ` +
              `delivered ${fmt(attemptResult.completeness * 100, 1)} %, nodes CPU ${attemptResult.nodeCpuPercent.map((p) => fmt(p, 0)).join(" + ")} %` +
              `${other >= 20 ? ` — other processes used ${fmt(other, 0)} % of a core` : ""}\n`,
          );
          if (!result || other < (result.otherCpuPercent ?? 0)) result = attemptResult;
          if (other < 20) break;
        }
        if (result) results.push(result);
      }
    }
  } finally {
    await redis.del(`${redisPrefix}:collab`).catch(() => 0);
    redis.disconnect();
    await admin.end();
  }
  printCollab(results, options, out);
  return { results, failures };
}

function printCollab(results: CollabResult[], options: Options, out: string[]): void {
  out.push("");
  out.push(
    `### Co-drafting, 1 node vs 2 nodes (each on PostgreSQL + Redis; placement on 2 nodes: ${options.placement})`,
  );
  out.push("");
  out.push(
    "| nodes | rooms × editors | update latency p50 / p95 / p99 / max (ms) | cursor p95 (ms) | node CPU % of a core | node CPU s per 1,000 deliveries | Redis CPU % | PostgreSQL CPU % | generator CPU % | other CPU % | delivered |",
  );
  out.push("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const opt = (value: number | null) => (value === null ? "?" : fmt(value, 0));
  for (const r of results) {
    out.push(
      `| ${r.nodes} | ${r.rooms} × ${r.perRoom} = ${r.editors} | ${overloaded(r) ? "≥ " : ""}${fmt(r.p50)} / ${fmt(r.p95)} / ${fmt(r.p99)} / ${fmt(r.max, 0)} | ${fmt(r.awarenessP95)} | ${r.nodeCpuPercent.map((p) => fmt(p, 0)).join(" + ")} | ${r.nodeCpuPer1000.map((c) => fmt(c, 4)).join(" / ")} | ${opt(r.redisCpuPercent)} | ${opt(r.postgresCpuPercent)} | ${r.generatorCpuPercent.map((p) => fmt(p, 0)).join(" + ")} | ${opt(r.otherCpuPercent)} | ${fmt(r.completeness * 100, 2)} % |`,
    );
  }
  out.push("");
  out.push("2 nodes / 1 node, at each step:");
  out.push("");
  out.push(
    "| rooms × editors | p50 | p95 | p99 | nodes' CPU s per 1,000 deliveries | with Redis + PostgreSQL | edits/s (target) 1 node · 2 nodes |",
  );
  out.push("|---:|---:|---:|---:|---:|---:|---:|");
  const ratio = (a: number, b: number) => `${fmt(a / b, 2)}×`;
  for (const step of options.steps) {
    const one = results.find((r) => r.nodes === 1 && r.rooms === step.rooms && r.perRoom === step.perRoom);
    const two = results.find((r) => r.nodes === 2 && r.rooms === step.rooms && r.perRoom === step.perRoom);
    if (!one || !two) continue;
    const bound = overloaded(two) ? (overloaded(one) ? null : "≥ ") : overloaded(one) ? "≤ " : "";
    const latency = (a: number, b: number) => (bound === null ? "– (both overloaded)" : `${bound}${ratio(a, b)}`);
    out.push(
      `| ${step.rooms} × ${step.perRoom} | ${latency(two.p50, one.p50)} | ${latency(two.p95, one.p95)} | ${latency(two.p99, one.p99)} | ${ratio(two.nodesCpuPer1000, one.nodesCpuPer1000)} | ${ratio(two.clusterCpuPer1000, one.clusterCpuPer1000)} | ${fmt(one.editsPerSecond, 0)} · ${fmt(two.editsPerSecond, 0)} (${one.targetEditsPerSecond}) |`,
    );
  }
  out.push("");
  const tested = Math.max(...options.steps.map((s) => s.rooms * s.perRoom));
  const served = (nodes: number) => {
    const passing = results.filter((r) => r.nodes === nodes && serves(r)).map((r) => r.editors);
    return passing.length > 0 ? Math.max(...passing) : 0;
  };
  const one = served(1);
  const two = served(2);
  const label = (value: number) =>
    value === 0
      ? `none of ${options.steps.map((s) => s.rooms * s.perRoom).join(", ")}`
      : `${value}${value === tested ? " (the most tested: at least)" : ""}`;
  out.push(`Editors served at p95 ≤ 100 ms (all delivered): 1 node ${label(one)}; 2 nodes ${label(two)}.`);
  if (one > 0 && two > 0) {
    const atCeiling = one === tested || two === tested;
    out.push(
      `Ratio 2 nodes / 1 node: ${atCeiling ? (two === tested && one !== tested ? "≥ " : one === tested && two !== tested ? "≤ " : "– (both at the largest tested) ") : ""}${fmt(two / one, 2)}×`,
    );
  }
  if (results.some(overloaded)) {
    out.push(
      '≥: overloaded: part of the window\'s deliveries had not arrived 15 s after it (see "delivered"); ' +
        "those latencies are unknown and larger, so the figures shown are lower bounds.",
    );
  }
  out.push(
    `Note: both nodes, Redis, PostgreSQL and the load generator share this machine's ${os.availableParallelism()} cores; ` +
      'a second node adds processes, not CPU. "other" is the rest of the machine.',
  );
  const disturbed = results.filter((r) => (r.otherCpuPercent ?? 0) >= 20);
  if (disturbed.length > 0)
    out.push(
      `Warning: other processes used ≥ 20 % of a core during ${disturbed.map((r) => `${r.nodes} node(s) ${r.rooms}×${r.perRoom}`).join(", ")}.`,
    );
  const saturated = results.filter((r) => r.generatorCpuPercent.some((p) => p >= 90));
  if (saturated.length > 0)
    out.push(
      `Warning: a generator process was ≥ 90 % busy in ${saturated.map((r) => `${r.nodes} node(s) ${r.rooms}×${r.perRoom}`).join(", ")}: those latencies are partly the generator's.`,
    );
  for (const r of results) {
    const tag = `${r.nodes} node(s) ${r.rooms}×${r.perRoom}`;
    const closes = Object.entries(r.closes);
    if (closes.length > 0)
      out.push(`${tag}: sockets closed by a node: ${closes.map(([c, k]) => `${k}× ${c}`).join(", ")}`);
    if (r.editsLate > 0) out.push(`${tag}: ${r.editsLate} edits sent more than a period late (generator behind)`);
    for (const line of r.serverWarnings) out.push(`${tag} node log: ${line.slice(0, 300)}`);
  }
}

// ---- the proposal pages: PostgreSQL vs SQLite --------------------------------------------------

type PageResult = { page: string; path: string; sqlite: TtfbResult; postgres: TtfbResult };

async function benchPages(options: Options, out: string[]): Promise<PageResult[]> {
  console.log(
    `\nProposal pages: ${options.proposals.toLocaleString("en-US")} proposals, ${options.votes.toLocaleString("en-US")} votes, ` +
      `${options.pageRequests} requests per page at ${options.pageConcurrency} concurrent, SQLite and PostgreSQL.`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "minka-bench-cluster-"));
  const sqliteFile = path.join(dir, "minka.db");
  const pgDatabase = await createDatabase(options.postgresUrl, "pages");
  // One node each, no Redis: the database is the only difference.
  const env = { REDIS_URL: undefined, REDIS_PREFIX: undefined, LOG_LEVEL: "warn" };
  const servers: MinkaProcess[] = [];
  try {
    // One after the other: each migrates and seeds its database on start.
    const sqliteServer = await startMinka(`file:${sqliteFile}`, { ...env, LOG_LEVEL: "info" });
    servers.push(sqliteServer);
    const postgresServer = await startMinka(pgDatabase.url, { ...env, LOG_LEVEL: "info" });
    servers.push(postgresServer);

    // The same voters, proposals and votes in both.
    const voters = benchUserIds(Math.max(1, Math.min(2000, Math.ceil(options.votes / 20) || 1)));
    const data = pageData({ proposals: options.proposals, votes: options.votes, authorIds: voters });
    const db = new Database(sqliteFile);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    insertUsersSqlite(db, voters);
    fillSqlite(db, data);
    db.close();
    const client = new pg.Client({ connectionString: pgDatabase.url });
    await client.connect();
    try {
      await fillPostgres(client, voters, data);
    } finally {
      await client.end();
    }
    console.log("filled both databases");

    const pages = [
      ...listPages(),
      [`proposal page (${mostSupported(data).voteCount} votes)`, `/propuestas/${mostSupported(data).id}`] as const,
    ];
    const results: PageResult[] = [];
    for (const [label, pathname] of pages) {
      const busy = await waitForQuiet(options.quietWait * 1000, 25);
      process.stdout.write(
        `measuring ${label}${busy !== null && busy > 25 ? ` (machine busy: ${fmt(busy, 0)} % of a core used by others)` : ""}… `,
      );
      const sqlite = await measureTtfb(sqliteServer.url, pathname, options.pageRequests, options.pageConcurrency);
      const postgres = await measureTtfb(postgresServer.url, pathname, options.pageRequests, options.pageConcurrency);
      process.stdout.write(`SQLite p95 ${fmt(sqlite.p95)} ms, PostgreSQL p95 ${fmt(postgres.p95)} ms\n`);
      results.push({ page: label, path: pathname, sqlite, postgres });
    }
    out.push("");
    out.push(
      `### Proposal pages, PostgreSQL vs SQLite (${options.proposals.toLocaleString("en-US")} proposals, ${options.votes.toLocaleString("en-US")} votes; time to first byte, ${options.pageRequests} requests at ${options.pageConcurrency} concurrent; one node, no Redis)`,
    );
    out.push("");
    out.push(
      "| page | SQLite p50 / p95 (ms) | PostgreSQL p50 / p95 (ms) | PostgreSQL / SQLite p50 | p95 | req/s SQLite · PostgreSQL |",
    );
    out.push("|---|---:|---:|---:|---:|---:|");
    for (const r of results) {
      out.push(
        `| ${r.page} | ${fmt(r.sqlite.p50)} / ${fmt(r.sqlite.p95)} | ${fmt(r.postgres.p50)} / ${fmt(r.postgres.p95)} | ${fmt(r.postgres.p50 / r.sqlite.p50, 2)}× | ${fmt(r.postgres.p95 / r.sqlite.p95, 2)}× | ${fmt(r.sqlite.perSecond, 0)} · ${fmt(r.postgres.perSecond, 0)} |`,
      );
    }
    const resets = sum(results.map((r) => r.sqlite.resets + r.postgres.resets));
    if (resets > 0) out.push(`(${resets} requests retried after a reset connection)`);
    out.push(
      "Both servers and PostgreSQL share the machine with the client making the requests; " +
        "each database was measured while the other server sat idle.",
    );
    return results;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- main -------------------------------------------------------------------------------------

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = Date.now();
  const command = `npm run bench:cluster -- ${process.argv.slice(2).join(" ")}`.trim();
  console.log(`Minka cluster benchmark — ${new Date().toISOString()}`);
  console.log(`Machine: ${machine()}`);
  console.log(`Load average at start (1, 5, 15 min): ${loadAverage()}`);
  const out: string[] = [];
  let collab: { results: CollabResult[]; failures: string[] } | null = null;
  let pages: PageResult[] | null = null;
  try {
    if (options.collab) collab = await benchCollab(options, out);
    if (options.pages) pages = await benchPages(options, out);
  } finally {
    await dropDatabases(options.postgresUrl).catch((error: unknown) => console.error(String(error)));
  }
  process.stdout.write(out.join("\n") + "\n");
  for (const failure of collab?.failures ?? []) console.log(`run failed: ${failure}`);
  console.log(`\nLoad average at the end (1, 5, 15 min): ${loadAverage()}`);
  console.log(`Command: ${command}   (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (options.json) {
    writeFileSync(
      options.json,
      JSON.stringify({ machine: machine(), command, options, collab, pages, loadAverage: os.loadavg() }, null, 2),
    );
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killChildren();
    const options = (() => {
      try {
        return parseOptions();
      } catch {
        return null;
      }
    })();
    if (!options) process.exit(130);
    void dropDatabases(options.postgresUrl).finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    killChildren();
    process.exit(1);
  },
);
