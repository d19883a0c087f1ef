import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  closesOf,
  editingFigures,
  editingFixture,
  fmt,
  is,
  latencyRatio,
  leastDisturbed,
  machine,
  measureEditing,
  numberOption,
  onInterrupt,
  overloaded,
  OVERLOADED_NOTE,
  percentOfCore,
  ratio,
  ROOT,
  runMain,
  runNotes,
  start,
  stop,
  sum,
  warningsOf,
  type EditingFigures,
} from "./harness.ts";
import { type ServerCommand, type ServerEvent, type ServerKind } from "./shared.ts";

// Benchmark of the collaboration server: N simulated editors in one commitment room, each typing
// EDIT_HZ edits a second and moving its cursor (awareness), against
//   (a) Minka's server (server/collab) with everything on: a real migrated SQLite database,
//       users with sessions made by createSession, a commitment whose drafting team holds every
//       editor, session cookies and Origin headers on every socket, each update stored before it
//       is relayed, permission re-checks and compaction;
//   (b) the stock in-memory y-websocket server (@y/websocket-server), no auth, no storage.
// Each server runs in a process of its own (scripts/bench/server.ts), the editors in one or more
// load-generator processes (scripts/bench/editors.ts), so the server's CPU time is its own.
//
// Latency: every edit carries its send time (µs on the machine's monotonic clock, shared by all
// processes); each receiving editor records now − send time for every update it gets from another
// editor: one sample per delivery. CPU: the server process's user + system time over the measured
// window (read from /proc/<pid>/stat), divided by the updates delivered to other editors during it.
// Memory: the server's RSS, sampled every 250 ms. Results and caveats: docs/benchmarks.md.
//
//   npm run bench                                   # 50, 100, 200 editors, 20 s each (~4–5 min)
//   npm run bench -- --editors 50,100 --seconds 10  # quicker
//   npm run bench -- --help
//
// Loopback only; it stops by itself (every phase has a deadline) and removes its database.

const HELP = `Usage: npm run bench -- [options]

  --editors LIST        editor counts to run (default 50,100,200; Minka allows 200 per room)
  --seconds S           measured window per run (default 20)
  --warmup S            editing before the window opens (default 3)
  --edit-hz R           edits per editor per second (default 5)
  --awareness-hz R      cursor (awareness) updates per editor per second (default 2; 0 = none)
  --awareness-echo      re-send every awareness change received, as WebsocketProvider does
                        (N² awareness traffic)
  --workers W           load-generator processes (default: 1 on ≤ 2 cores, else cores − 1, max 4)
  --servers LIST        minka,stock (default both)
  --keep-chars C        characters each editor keeps in its paragraph (default 48)
  --seed N              PRNG seed for edit timing (default 1)
  --retries R           repeat a run disturbed by other processes (≥ 20 % of a core) up to R
                        times and keep the least disturbed (default 0)
  --quiet-wait S        before each run, wait up to S seconds for other processes to go quiet
                        (default 30)
  --json FILE           also write the results as JSON
  --verbose             show the servers' log output
  --profile DIR         write V8 CPU profiles of the server and generator processes to DIR
`;

type Options = {
  editors: number[];
  seconds: number;
  warmup: number;
  editHz: number;
  awarenessHz: number;
  awarenessEcho: boolean;
  workers: number;
  servers: ServerKind[];
  keepChars: number;
  seed: number;
  quietWait: number;
  retries: number;
  json: string | null;
  verbose: boolean;
  profile: string | null;
};

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      editors: { type: "string", default: "50,100,200" },
      seconds: { type: "string", default: "20" },
      warmup: { type: "string", default: "3" },
      "edit-hz": { type: "string", default: "5" },
      "awareness-hz": { type: "string", default: "2" },
      "awareness-echo": { type: "boolean", default: false },
      workers: { type: "string" },
      servers: { type: "string", default: "minka,stock" },
      "keep-chars": { type: "string", default: "48" },
      seed: { type: "string", default: "1" },
      "quiet-wait": { type: "string", default: "30" },
      retries: { type: "string", default: "0" },
      json: { type: "string" },
      verbose: { type: "boolean", default: false },
      profile: { type: "string" },
      help: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const editors = values.editors.split(",").map((v) => Math.round(numberOption("editors", v.trim(), 2, 200)));
  const servers = values.servers.split(",").map((v) => v.trim());
  for (const server of servers) {
    if (server !== "minka" && server !== "stock") throw new Error(`unknown server "${server}"`);
  }
  const cores = os.availableParallelism();
  return {
    editors,
    seconds: numberOption("seconds", values.seconds, 1, 300),
    warmup: numberOption("warmup", values.warmup, 0, 60),
    editHz: numberOption("edit-hz", values["edit-hz"], 0.1, 50),
    awarenessHz: numberOption("awareness-hz", values["awareness-hz"], 0, 50),
    awarenessEcho: values["awareness-echo"],
    workers: values.workers
      ? Math.round(numberOption("workers", values.workers, 1, 16))
      : Math.min(4, Math.max(1, cores - 1)),
    servers: servers as ServerKind[],
    keepChars: Math.round(numberOption("keep-chars", values["keep-chars"], 8, 2000)),
    seed: Math.round(numberOption("seed", values.seed, 0, 2 ** 31)),
    quietWait: numberOption("quiet-wait", values["quiet-wait"], 0, 600),
    retries: Math.round(numberOption("retries", values.retries, 0, 10)),
    json: values.json ?? null,
    verbose: values.verbose,
    profile: values.profile ? path.resolve(values.profile) : null,
  };
}

onInterrupt();

// ---- database ---------------------------------------------------------------------------------

/** `rooms`: for each editor count, fresh commitment rooms, one per attempt (taken in order). */
type Fixture = { databaseUrl: string; dir: string; cookies: string[]; rooms: Map<number, string[]> };

/**
 * A migrated SQLite database with `editors` users (each with a session) and, for each editor
 * count, `attempts` commitments whose drafting team is the first n users.
 */
async function createFixture(editors: number, runs: number[], attempts: number): Promise<Fixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "minka-bench-"));
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
  const seeded = await editingFixture(databaseUrl, editors);
  const rooms = new Map<number, string[]>();
  for (const n of runs) {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const room = await seeded.room(() => `Compromiso con ${n} redactoras`, n);
      rooms.set(n, [...(rooms.get(n) ?? []), room]);
    }
  }
  await seeded.close();
  return { databaseUrl, dir, cookies: seeded.cookies, rooms };
}

// ---- one run ----------------------------------------------------------------------------------

type RunResult = { server: ServerKind; editors: number } & EditingFigures & {
    cpuSecondsPer1000: number;
    /** Server CPU per edit sent in the window (storage and validation are per edit, fan-out per delivery). */
    cpuMsPerEdit: number;
    serverCpuPercent: number;
    peakRssMB: number;
    /** RSS of the server process once listening, before any client. */
    idleRssMB: number;
    generatorCpuPercent: number[];
    loopDelayP99Ms: number;
    loopDelayMaxMs: number;
    /** CPU used by other processes on the machine during the window, in % of one core. */
    otherCpuPercent: number | null;
    closes: Record<string, number>;
    serverWarnings: string[];
  };

async function runOne(
  kind: ServerKind,
  n: number,
  options: Options,
  fixture: Fixture,
  epoch: bigint,
): Promise<RunResult> {
  const server = start<ServerEvent>(
    "server.ts",
    [kind],
    { ...process.env, DATABASE_URL: fixture.databaseUrl, BENCH_EPOCH: epoch.toString() },
    `${kind} server`,
    options.verbose,
    options.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(options.profile, `${kind}-${n}`)}`] : [],
  );
  try {
    const { port, rssBytes: idleRss } = await server.next(
      is<ServerEvent, "listening">("listening"),
      "the server to listen",
      60_000,
    );
    const room = kind === "minka" ? fixture.rooms.get(n)!.shift()! : `commitment/stock-${n}-${randomUUID()}`;
    const profile = options.profile;
    const window = await measureEditing({
      servers: [server],
      editors: Array.from({ length: n }, (_, index) => ({
        index,
        cookie: kind === "minka" ? fixture.cookies[index]! : null,
      })),
      perRoom: n,
      url: `ws://127.0.0.1:${port}/collab/${room}`,
      origin: `http://127.0.0.1:${port}`,
      workers: options.workers,
      editHz: options.editHz,
      awarenessHz: options.awarenessHz,
      awarenessEcho: options.awarenessEcho,
      keepChars: options.keepChars,
      seed: options.seed * 1000,
      warmup: options.warmup,
      seconds: options.seconds,
      epoch,
      verbose: options.verbose,
      workerExecArgv: profile
        ? () => ["--cpu-prof", `--cpu-prof-dir=${path.join(profile, `${kind}-${n}-editors`)}`]
        : undefined,
      serverReports: true,
    });
    const serverCpuMicros = window.serverCpuMicros[0]!;
    const serverReport = window.serverReports[0];
    return {
      server: kind,
      editors: n,
      ...editingFigures(window, { editors: n, perRoom: n, editHz: options.editHz }),
      cpuSecondsPer1000: serverCpuMicros / 1e6 / (window.deliveredInWindow / 1000),
      cpuMsPerEdit: serverCpuMicros / 1000 / window.editsSent,
      serverCpuPercent: percentOfCore(window, serverCpuMicros),
      peakRssMB: window.peakRssBytes[0]! / 2 ** 20,
      idleRssMB: idleRss / 2 ** 20,
      generatorCpuPercent: window.workerCpuMicros.map((cpu) => percentOfCore(window, cpu)),
      loopDelayP99Ms: serverReport?.loopDelayP99Ms ?? NaN,
      loopDelayMaxMs: serverReport?.loopDelayMaxMs ?? NaN,
      otherCpuPercent:
        window.machineMicros === null
          ? null
          : Math.max(0, percentOfCore(window, window.machineMicros - serverCpuMicros - sum(window.workerCpuMicros))),
      closes: closesOf(window),
      serverWarnings: warningsOf(server, 5),
    };
  } finally {
    await stop(server, { type: "close" } satisfies ServerCommand, 15_000);
  }
}

// ---- output -----------------------------------------------------------------------------------

function printResults(results: RunResult[], options: Options): void {
  const out: string[] = [];
  out.push("");
  out.push(
    "| server | editors | update latency p50 / p95 / p99 / max (ms) | awareness p95 (ms) | server CPU s per 1,000 deliveries | server RSS peak (idle) MB |",
  );
  out.push("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    out.push(
      `| ${r.server} | ${r.editors} | ${overloaded(r) ? "≥ " : ""}${fmt(r.p50)} / ${fmt(r.p95)} / ${fmt(r.p99)} / ${fmt(r.max, 0)} | ${fmt(r.awarenessP95)} | ${fmt(r.cpuSecondsPer1000, 4)} | ${fmt(r.peakRssMB, 0)} (${fmt(r.idleRssMB, 0)}) |`,
    );
  }
  out.push("");
  out.push('Details (CPU % is of one core; the generator\'s is per process; "other" is the rest of the machine):');
  out.push("");
  out.push(
    "| server | editors | edits/s (target) | deliveries/s | server CPU % | server CPU ms per edit | event-loop delay p99 / max (ms) | generator CPU % | other CPU % | delivered |",
  );
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    out.push(
      `| ${r.server} | ${r.editors} | ${fmt(r.editsPerSecond, 0)} (${r.targetEditsPerSecond}) | ${fmt(r.deliveriesPerSecond, 0)} | ${fmt(r.serverCpuPercent, 0)} | ${fmt(r.cpuMsPerEdit, 2)} | ${fmt(r.loopDelayP99Ms)} / ${fmt(r.loopDelayMaxMs, 0)} | ${r.generatorCpuPercent.map((p) => fmt(p, 0)).join(" + ")} | ${r.otherCpuPercent === null ? "?" : fmt(r.otherCpuPercent, 0)} | ${fmt(r.completeness * 100, 2)} % |`,
    );
  }
  const byN = new Map<number, Partial<Record<ServerKind, RunResult>>>();
  for (const r of results) byN.set(r.editors, { ...byN.get(r.editors), [r.server]: r });
  const ratios = [...byN.entries()].filter(([, pair]) => pair.minka && pair.stock);
  if (ratios.length > 0) {
    out.push("");
    out.push("Minka / stock:");
    out.push("");
    out.push("| editors | p50 | p95 | p99 | CPU s / 1k deliveries | peak RSS |");
    out.push("|---:|---:|---:|---:|---:|---:|");
    for (const [n, { minka, stock }] of ratios) {
      // Latencies of an overloaded run are lower bounds (see below): so is a ratio over them.
      const latency = latencyRatio(minka!, stock!);
      out.push(
        `| ${n} | ${latency(minka!.p50, stock!.p50)} | ${latency(minka!.p95, stock!.p95)} | ${latency(minka!.p99, stock!.p99)} | ${ratio(minka!.cpuSecondsPer1000, stock!.cpuSecondsPer1000)} | ${ratio(minka!.peakRssMB, stock!.peakRssMB)} |`,
      );
    }
  }
  out.push("");
  for (const kind of options.servers) {
    const passing = results.filter((r) => r.server === kind && r.p95 <= 100 && r.completeness >= 0.999);
    const best = passing.length > 0 ? Math.max(...passing.map((r) => r.editors)) : null;
    out.push(
      `Largest N with p95 ≤ 100 ms (${kind}): ${best ?? `none of ${options.editors.join(", ")}`}` +
        (best !== null && best === Math.max(...options.editors) ? " (the largest tested)" : ""),
    );
  }
  if (results.some(overloaded)) {
    out.push("");
    out.push(OVERLOADED_NOTE);
  }
  const saturated = results.filter((r) => r.generatorCpuPercent.some((p) => p >= 90));
  const cores = os.availableParallelism();
  out.push("");
  out.push(
    `Note: the load generator (${options.workers} process${options.workers > 1 ? "es" : ""}) runs on the same ${cores}-core machine and competes with the server for CPU; ` +
      "latencies include the generator's own queueing (it timestamps at send and reads at receipt).",
  );
  const disturbed = results.filter((r) => (r.otherCpuPercent ?? 0) >= 20);
  if (disturbed.length > 0) {
    out.push(
      `Warning: other processes used ≥ 20 % of a core during ${disturbed.map((r) => `${r.server}/${r.editors}`).join(", ")} ` +
        '(see "other CPU %"): those runs had less CPU than the machine has.',
    );
  }
  if (saturated.length > 0) {
    out.push(
      `Warning: a generator process was ≥ 90 % busy in ${saturated.map((r) => `${r.server}/${r.editors}`).join(", ")}: ` +
        "those latencies are partly the generator's.",
    );
  }
  for (const r of results)
    out.push(...runNotes(r, `${r.server}/${r.editors}`, { closedBy: "the server", log: "server" }));
  process.stdout.write(out.join("\n") + "\n");
}

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions();
  const started = Date.now();
  const command = `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim();
  console.log(`Minka collab benchmark — ${new Date().toISOString()}`);
  console.log(`Machine: ${machine()}`);
  console.log(
    `Load: ${options.editHz} edits/s and ${options.awarenessHz} awareness updates/s per editor` +
      `${options.awarenessEcho ? " (awareness echoed back, as WebsocketProvider does)" : ""}; ` +
      `${options.warmup} s warm-up, ${options.seconds} s measured; ${options.workers} generator process(es); loopback.`,
  );
  const needsDatabase = options.servers.includes("minka");
  const maxEditors = Math.max(...options.editors);
  const fixture = needsDatabase
    ? await createFixture(maxEditors, options.editors, options.retries + 1)
    : { databaseUrl: "file:/dev/null", dir: "", cookies: [], rooms: new Map<number, string[]>() };
  const epoch = process.hrtime.bigint();
  const results: RunResult[] = [];
  const failures: { server: ServerKind; editors: number; message: string }[] = [];
  try {
    for (const n of options.editors) {
      for (const kind of options.servers) {
        const result = await leastDisturbed(
          options,
          `running ${kind} with ${n} editors`,
          () => runOne(kind, n, options, fixture, epoch),
          (r) =>
            `p50 ${fmt(r.p50)} ms, p95 ${fmt(r.p95)} ms, p99 ${fmt(r.p99)} ms, ` +
            `${fmt(r.cpuSecondsPer1000, 4)} CPU s / 1k deliveries, RSS ${fmt(r.peakRssMB, 0)} MB`,
          (error) => {
            // One run failing (a server overwhelmed past its deadlines) does not lose the others.
            const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
            failures.push({ server: kind, editors: n, message });
            return message;
          },
        );
        if (result) results.push(result);
      }
    }
  } finally {
    if (fixture.dir) rmSync(fixture.dir, { recursive: true, force: true });
  }
  printResults(results, options);
  for (const f of failures) console.log(`${f.server}/${f.editors}: run failed: ${f.message}`);
  console.log(`\nCommand: ${command}   (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (options.json) {
    writeFileSync(options.json, JSON.stringify({ machine: machine(), command, options, results, failures }, null, 2));
  }
}

runMain(main);
