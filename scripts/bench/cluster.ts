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
  closesOf,
  editingFigures,
  editingFixture,
  fmt,
  is,
  latencyRatio,
  leastDisturbed,
  loadAverage,
  machine,
  measureEditing,
  numberOption,
  onInterrupt,
  overloaded,
  OVERLOADED_NOTE,
  percentOfCore,
  procUsage,
  ratio,
  runMain,
  runNotes,
  start,
  startMinka,
  stop,
  sum,
  waitForQuiet,
  warningsOf,
  type Child,
  type EditingFigures,
  type MinkaProcess,
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
  type TtfbResult,
} from "./proposal-pages.ts";
import type { EditorSpec, ServerCommand, ServerEvent } from "./shared.ts";

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
  const quick = values.quick;
  const perRoom = Math.round(numberOption("editors", values.editors, 2, 200));
  const rooms = (values.rooms ?? (quick ? "1,2" : "1,2,3,4"))
    .split(",")
    .map((v) => Math.round(numberOption("rooms", v.trim(), 1, 50)));
  if (values.placement !== "spread" && values.placement !== "room")
    throw new Error("--placement must be spread or room");
  if (values.only && values.only !== "collab" && values.only !== "pages")
    throw new Error("--only must be collab or pages");
  const proposals = Math.round(numberOption("proposals", values.proposals, 1, 1_000_000));
  const votes = Math.round(numberOption("votes", values.votes, 0, 10_000_000));
  return {
    quick,
    steps: rooms.map((r) => ({ rooms: r, perRoom })),
    placement: values.placement,
    seconds: numberOption("seconds", values.seconds ?? (quick ? "8" : "15"), 1, 300),
    warmup: numberOption("warmup", values.warmup ?? (quick ? "2" : "3"), 0, 60),
    editHz: numberOption("edit-hz", values["edit-hz"], 0.1, 50),
    awarenessHz: numberOption("awareness-hz", values["awareness-hz"], 0, 50),
    workers: values.workers
      ? Math.round(numberOption("workers", values.workers, 1, 16))
      : Math.min(4, Math.max(1, os.availableParallelism() - 1)),
    retries: Math.round(numberOption("retries", values.retries, 0, 10)),
    quietWait: numberOption("quiet-wait", values["quiet-wait"], 0, 600),
    proposals,
    votes,
    pageRequests: Math.round(
      numberOption("page-requests", values["page-requests"] ?? (quick ? "200" : "500"), 1, 100_000),
    ),
    pageConcurrency: Math.round(numberOption("page-concurrency", values["page-concurrency"], 1, 1000)),
    collab: values.only !== "pages",
    pages: values.only !== "collab",
    json: values.json ?? null,
    verbose: values.verbose,
    postgresUrl: postgresAdminUrl(),
    redisUrl: process.env.MINKA_BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}

// ---- PostgreSQL databases of the run ------------------------------------------------------------

const postgresAdminUrl = () => process.env.MINKA_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

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
  const perRoom = Math.max(...options.steps.map((s) => s.perRoom));
  const seeded = await editingFixture(url, perRoom);
  const rooms = new Map<string, string[][]>();
  for (const nodes of nodeCounts) {
    for (const step of options.steps) {
      const sets: string[][] = [];
      for (let attempt = 0; attempt <= options.retries; attempt++) {
        const set: string[] = [];
        for (let r = 0; r < step.rooms; r++) {
          set.push(
            await seeded.room(
              (number) => `Compromiso ${number}: ${step.perRoom} redactoras, ${nodes} nodo(s)`,
              step.perRoom,
            ),
          );
        }
        sets.push(set);
      }
      rooms.set(roomKey(nodes, step), sets);
    }
  }
  await seeded.close();
  return { database: name, databaseUrl: url, cookies: seeded.cookies, rooms };
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

type CollabResult = { nodes: number; rooms: number; perRoom: number; editors: number } & EditingFigures & {
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
    const window = await measureEditing({
      servers,
      editors: specs,
      perRoom: n,
      url: specs[0]!.url!,
      origin: specs[0]!.origin!,
      workers: options.workers,
      editHz: options.editHz,
      awarenessHz: options.awarenessHz,
      awarenessEcho: false,
      keepChars: 48,
      seed: 1000,
      warmup: options.warmup,
      seconds: options.seconds,
      epoch,
      verbose: options.verbose,
      otherPids: async () => ({
        redis: context.redisPid === null ? [] : [context.redisPid],
        postgres: await postgresBackends(context.admin, fixture.database),
      }),
    });

    const percent = (micros: number) => percentOfCore(window, micros);
    const known = (value: number) => (Number.isFinite(value) ? value : 0);
    const nodeCpu = window.serverCpuMicros;
    const workerCpu = window.workerCpuMicros;
    const redisCpu = window.otherCpuMicros.redis![0] ?? NaN;
    // Backends that went away during the window are left out (their CPU is unknown).
    const postgresBackendCount = window.otherCpuMicros.postgres!.length;
    const postgresCpu = sum(window.otherCpuMicros.postgres!.filter(Number.isFinite));
    const { deliveredInWindow, reports } = window;
    const deliveredByNode = nodeCpu.map((_, i) => sum(reports.map((r) => r.deliveredInWindowByGroup[i] ?? 0)));
    return {
      nodes,
      rooms: step.rooms,
      perRoom: n,
      editors: step.rooms * n,
      ...editingFigures(window, { editors: step.rooms * n, perRoom: n, editHz: options.editHz }),
      nodeCpuPercent: nodeCpu.map(percent),
      nodeCpuPer1000: nodeCpu.map((cpu, i) => cpu / 1e6 / (deliveredByNode[i]! / 1000)),
      nodesCpuPer1000: sum(nodeCpu) / 1e6 / (deliveredInWindow / 1000),
      clusterCpuPer1000: (sum(nodeCpu) + known(redisCpu) + postgresCpu) / 1e6 / (deliveredInWindow / 1000),
      redisCpuPercent: Number.isFinite(redisCpu) ? percent(redisCpu) : null,
      postgresCpuPercent: postgresBackendCount > 0 ? percent(postgresCpu) : null,
      generatorCpuPercent: workerCpu.map(percent),
      otherCpuPercent:
        window.machineMicros === null
          ? null
          : Math.max(
              0,
              percent(
                window.machineMicros -
                  sum(nodeCpu.map(known)) -
                  sum(workerCpu.map(known)) -
                  known(redisCpu) -
                  postgresCpu,
              ),
            ),
      peakRssMB: window.peakRssBytes.map((bytes) => bytes / 2 ** 20),
      closes: closesOf(window),
      serverWarnings: servers.flatMap((s) => warningsOf(s, 3)),
    };
  } catch (error) {
    // The nodes' own account of what went wrong, with the error.
    const logs = servers.flatMap((s, i) =>
      s.log.filter((line) => /"level":(40|50|60)/.test(line)).map((line) => `node ${i + 1}: ${line.slice(0, 600)}`),
    );
    if (logs.length > 0 && error instanceof Error) error.message += `\n${logs.slice(-6).join("\n")}`;
    throw error;
  } finally {
    await Promise.all(servers.map((s) => stop(s, { type: "close" } satisfies ServerCommand, 15_000)));
  }
}

// ---- co-drafting: the ladder and its report -------------------------------------------------------

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
        const result = await leastDisturbed(
          options,
          `running ${nodes} node${nodes > 1 ? "s" : ""} with ${step.rooms} × ${step.perRoom} editors`,
          () => runCollab(nodes, step, context),
          (r) =>
            `p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, ` +
            `delivered ${fmt(r.completeness * 100, 1)} %, nodes CPU ${r.nodeCpuPercent.map((p) => fmt(p, 0)).join(" + ")} %`,
          (error) => {
            const full = error instanceof Error ? error.message : String(error);
            failures.push(`${nodes} node(s), ${step.rooms} × ${step.perRoom}: ${full.split("\n")[0]!}`);
            return full;
          },
        );
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
  for (const step of options.steps) {
    const one = results.find((r) => r.nodes === 1 && r.rooms === step.rooms && r.perRoom === step.perRoom);
    const two = results.find((r) => r.nodes === 2 && r.rooms === step.rooms && r.perRoom === step.perRoom);
    if (!one || !two) continue;
    const latency = latencyRatio(two, one);
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
  if (results.some(overloaded)) out.push(OVERLOADED_NOTE);
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
  for (const r of results)
    out.push(...runNotes(r, `${r.nodes} node(s) ${r.rooms}×${r.perRoom}`, { closedBy: "a node", log: "node" }));
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
    const sqliteServer = await startMinka(`file:${sqliteFile}`, { env: { ...env, LOG_LEVEL: "info" } });
    servers.push(sqliteServer);
    const postgresServer = await startMinka(pgDatabase.url, { env: { ...env, LOG_LEVEL: "info" } });
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

// Interrupted: the databases made so far are dropped.
onInterrupt(() => dropDatabases(postgresAdminUrl()));

runMain(main);
