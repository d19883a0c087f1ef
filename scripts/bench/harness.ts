import { fork, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
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

// The harness every benchmark runs on (collab.ts, cluster.ts, votes.ts):
// - processes: forked children with IPC and deadlines, the real Minka server started on a
//   database, the script's entry point and its interruption;
// - the machine: CPU and memory from /proc, the load average, waiting for it to go quiet;
// - the editing run of collab.ts and cluster.ts: simulated editors (editors.ts) on collaboration
//   servers (server.ts), one measured window, its latency, CPU and memory, and its fixture;
// - reporting: number formats, percentiles, ratios against a baseline, the runs kept when the
//   machine was disturbed, and the notes every run table ends with.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HERE = path.dirname(fileURLToPath(import.meta.url));

const children = new Set<ChildProcess>();

function track(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

export function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
process.on("exit", killChildren);
// (Signals are the script's to handle: it has databases to drop; it calls killChildren.)

export type Child<E> = {
  process: ChildProcess;
  send(message: unknown): void;
  next<T extends E>(match: (event: E) => event is T, what: string, timeoutMs: number): Promise<T>;
  log: string[];
};

export function start<E extends { type: string }>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  label: string,
  verbose: boolean,
  extraExecArgv: string[] = [],
): Child<E> {
  const child = fork(path.join(HERE, script), args, {
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    cwd: ROOT,
    execArgv: [...process.execArgv, ...extraExecArgv],
  });
  track(child);
  const log: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      log.push(line);
      if (log.length > 200) log.shift();
      if (verbose) process.stderr.write(`[${label}] ${line}\n`);
    }
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const errors: string[] = [];
  child.on("message", (event: E) => {
    if (event.type === "error") errors.push((event as unknown as { message: string }).message);
  });
  return {
    process: child,
    log,
    send(message) {
      if (child.connected) child.send(message as object);
    },
    next(match, what, timeoutMs) {
      return new Promise((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          child.off("message", onMessage);
          child.off("exit", onExit);
        };
        const onMessage = (event: E) => {
          if (event.type === "error") {
            cleanup();
            reject(new Error(`${label}: ${(event as unknown as { message: string }).message}`));
          } else if (match(event)) {
            cleanup();
            resolve(event);
          }
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`${label} exited (${code}) while waiting for ${what}\n${log.slice(-20).join("\n")}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${label}: timed out waiting for ${what}\n${log.slice(-20).join("\n")}`));
        }, timeoutMs);
        if (errors.length > 0) {
          cleanup();
          reject(new Error(`${label}: ${errors[0]}`));
          return;
        }
        child.on("message", onMessage);
        child.once("exit", onExit);
      });
    },
  };
}

export async function stop(child: Child<{ type: string }>, command: unknown, timeoutMs: number): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.process.once("exit", () => resolve()));
  child.send(command);
  const timer = setTimeout(() => child.process.kill("SIGKILL"), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const is =
  <E extends { type: string }, K extends E["type"]>(type: K) =>
  (event: E): event is Extract<E, { type: K }> =>
    event.type === type;

// ---- the rest of the machine ------------------------------------------------------------------

/** CPU time (µs, all cores) the whole machine spent busy so far, from /proc/stat; null elsewhere. */
export function machineBusyMicros(): number | null {
  const line = safeRead("/proc/stat").split("\n", 1)[0] ?? "";
  if (!line.startsWith("cpu ")) return null;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return ((total - idle) * 1e6) / 100; // USER_HZ = 100
}

/** A process's CPU time (user + system, µs) and RSS, from /proc; null where there is none. */
export function procUsage(pid: number): { cpuMicros: number; rssBytes: number } | null {
  const stat = safeRead(`/proc/${pid}/stat`);
  const status = safeRead(`/proc/${pid}/status`);
  if (!stat || !status) return null;
  // Fields after "(comm)": state is field 3, utime and stime are fields 14 and 15 (clock ticks).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  if (!Number.isFinite(ticks) || !Number.isFinite(rssKb)) return null;
  return { cpuMicros: (ticks * 1e6) / 100, rssBytes: rssKb * 1024 }; // USER_HZ = 100
}

/**
 * Before a run: waits (up to `maxMs`) until the machine is mostly idle, since other processes on
 * it would take CPU from the server and the generator. Returns the busy share of one core seen last.
 */
export async function waitForQuiet(maxMs: number, thresholdPercent: number): Promise<number | null> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const before = machineBusyMicros();
    await sleep(1000);
    const after = machineBusyMicros();
    if (before === null || after === null) return null;
    const busy = (after - before) / 1e4;
    if (busy <= thresholdPercent || Date.now() > deadline) return busy;
  }
}

export const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "–");

export function machine(): string {
  const model = /model name\s*:\s*(.+)/.exec(safeRead("/proc/cpuinfo"))?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return `${os.availableParallelism()} cores (${model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The 1, 5 and 15 minute load averages, each with two decimals, joined by `separator`. */
export function loadAverage(separator = ", "): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(separator);
}

// ---- the script: entry point, interruption, options -----------------------------------------------

/** Runs a benchmark's main: exits when it is done (with its exit code), or kills the children on error. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      killChildren();
      process.exit(1);
    },
  );
}

/** On SIGINT or SIGTERM: kills the children, runs `cleanup` (databases to drop), exits with 130. */
export function onInterrupt(cleanup: () => Promise<void> = async () => {}): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      killChildren();
      void cleanup()
        .catch(() => {})
        .finally(() => process.exit(130));
    });
  }
}

/** A numeric option's value, checked to be within [min, max]. */
export function numberOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}]`);
  return n;
}

// ---- the real server --------------------------------------------------------------------------

export type MinkaProcess = { url: string; pid: number; stop(): Promise<void> };

/**
 * Starts server/index.ts (PORT 0, demo data) on `databaseUrl` and resolves once it listens.
 * `env` is added to (or, with undefined values, removed from) this process's environment; `cwd`
 * is the checkout to run (another commit's, for a baseline), `execArgv` goes to node (a CPU
 * profile), and `logFile` keeps the server's JSON log (pino-http logs each request's time).
 */
export async function startMinka(
  databaseUrl: string,
  options: { env?: Record<string, string | undefined>; cwd?: string; execArgv?: string[]; logFile?: string } = {},
): Promise<MinkaProcess> {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATABASE_URL: databaseUrl,
    MINKA_DEMO: "1",
    ...options.env,
  };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const child = spawn(process.execPath, [...(options.execArgv ?? []), "--import", "tsx", "server/index.ts"], {
    cwd: options.cwd ?? ROOT,
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  track(child);
  // The start-up line with the port is logged at info level; after it, output is only drained.
  let output = "";
  let started = false;
  const log = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : null;
  child.stdout.on("data", (chunk) => {
    log?.write(chunk);
    if (!started) output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    if (!started) output += chunk;
    else process.stderr.write(chunk);
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 180_000);
    const onData = () => {
      const match = output.match(/"port":(\d+)/);
      if (match) {
        clearTimeout(timer);
        started = true;
        resolve(Number(match[1]));
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => {
          log?.end();
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

// ---- the editing run (collab.ts, cluster.ts) ----------------------------------------------------

/**
 * A fixture on DATABASE_URL `databaseUrl` (migrated): the bench plan and `editors` users, each with
 * a session made by createSession (their cookies, in order), and `room` to add a DRAFT commitment
 * whose drafting team is the first `team` users (a new room, so every run starts from an empty
 * document). `close` disconnects. Sets DATABASE_URL for the app modules it imports.
 */
export async function editingFixture(databaseUrl: string, editors: number) {
  process.env.DATABASE_URL = databaseUrl;
  process.env.LOG_LEVEL ??= "warn";
  const { prisma, prepareDatabase } = await import("../../app/utils/db.server.ts");
  const { createSession, SESSION_COOKIE } = await import("../../app/utils/session.server.ts");
  await prepareDatabase();
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
  const userIds: string[] = [];
  const cookies: string[] = [];
  for (let i = 0; i < editors; i++) {
    const user = await prisma().user.create({
      data: { email: `editor${i}@bench.minka.pe`, name: `Editora ${i}`, passwordHash: "x", role: "CITIZEN" },
    });
    userIds.push(user.id);
    cookies.push(`${SESSION_COOKIE}=${(await createSession(user.id, "minka-bench")).token}`);
  }
  let number = 0;
  return {
    cookies,
    /** A new commitment room; `title` is given its number. */
    async room(title: (number: number) => string, team: number): Promise<string> {
      number += 1;
      const commitment = await prisma().commitment.create({
        data: {
          planId: "plan-bench",
          number,
          title: title(number),
          status: "DRAFT",
          team: { create: userIds.slice(0, team).map((userId) => ({ userId })) },
        },
      });
      return `commitment/${commitment.id}`;
    },
    close: () => prisma().$disconnect(),
  };
}

export type EditingOptions = {
  /** Collaboration servers (scripts/bench/server.ts), listening. */
  servers: Child<ServerEvent>[];
  /** The editors, dealt to the generator processes in turn. */
  editors: EditorSpec[];
  /** Editors in each room: every edit is to reach the other perRoom − 1. */
  perRoom: number;
  /** Where an editor without its own url connects (WorkerConfig.url and origin). */
  url: string;
  origin: string;
  workers: number;
  editHz: number;
  awarenessHz: number;
  awarenessEcho: boolean;
  keepChars: number;
  /** The seed of generator w is seed + w. */
  seed: number;
  warmup: number;
  seconds: number;
  epoch: bigint;
  verbose: boolean;
  /** node flags for generator w (a CPU profile). */
  workerExecArgv?: (w: number) => string[];
  /** Other processes whose CPU the window counts (Redis, database backends), by name, looked up at the mark. */
  otherPids?: () => Promise<Record<string, number[]>>;
  /**
   * Ask the servers for their own report after the window: the event-loop delay, and CPU and
   * memory where /proc cannot be read (or is read late, by an overloaded server).
   */
  serverReports?: boolean;
};

type ServerReport = Extract<ServerEvent, { type: "report" }>;

export type EditingWindow = {
  reports: WorkerReport[];
  latency: Histogram;
  awareness: Histogram;
  windowMs: number;
  /** The whole machine's busy CPU during the window (µs), null without /proc. */
  machineMicros: number | null;
  /** Per server, per generator, per other process (by name): CPU during the window (µs), NaN when unknown. */
  serverCpuMicros: number[];
  workerCpuMicros: number[];
  otherCpuMicros: Record<string, number[]>;
  peakRssBytes: number[];
  /** Per server, its own report when asked for (null if it did not answer in time). */
  serverReports: (ServerReport | null)[];
  editsSent: number;
  deliveredInWindow: number;
};

const cpuDelta = (before: { cpuMicros: number } | null | undefined, after: { cpuMicros: number } | null | undefined) =>
  before && after ? after.cpuMicros - before.cpuMicros : NaN;

async function collectReports(workers: Child<WorkerEvent>[]): Promise<WorkerReport[]> {
  const pending = workers.map((w) => w.next(is<WorkerEvent, "report">("report"), "report", 10_000));
  for (const w of workers) w.send({ type: "report" } satisfies WorkerCommand);
  return (await Promise.all(pending)).map((event) => event.report);
}

/**
 * One measured window: starts the generator processes (scripts/bench/editors.ts), waits until
 * every editor is connected and synced, lets them edit for the warm-up, then measures `seconds`:
 * CPU from /proc (read by this process, so an overloaded server is measured as exactly as an idle
 * one), peak RSS sampled every 250 ms, and every latency the editors recorded. After the window it
 * drains: until every edit of the window has reached every other editor of its room, or 15 s.
 */
export async function measureEditing(options: EditingOptions): Promise<EditingWindow> {
  const { servers, epoch } = options;
  const workers: Child<WorkerEvent>[] = [];
  try {
    const workerCount = Math.min(options.workers, options.editors.length);
    for (let w = 0; w < workerCount; w++) {
      const worker = start<WorkerEvent>(
        "editors.ts",
        [],
        process.env,
        `editors ${w + 1}`,
        options.verbose,
        options.workerExecArgv?.(w) ?? [],
      );
      workers.push(worker);
      const config: WorkerConfig = {
        url: options.url,
        origin: options.origin,
        editors: options.editors.filter((_, i) => i % workerCount === w),
        editHz: options.editHz,
        awarenessHz: options.awarenessHz,
        awarenessEcho: options.awarenessEcho,
        keepChars: options.keepChars,
        epoch: epoch.toString(),
        seed: options.seed + w,
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
    // The servers' own mark and report are the fallback without /proc (and bring the event-loop delay).
    if (options.serverReports) for (const s of servers) s.send({ type: "mark" } satisfies ServerCommand);
    const pids = {
      servers: servers.map((s) => s.process.pid!),
      workers: workers.map((w) => w.process.pid!),
      other: Object.entries((await options.otherPids?.()) ?? {}),
    };
    const sample = () => ({
      wallMs: performance.now(),
      busy: machineBusyMicros(),
      servers: pids.servers.map(procUsage),
      workers: pids.workers.map(procUsage),
      other: pids.other.map(([, group]) => group.map(procUsage)),
    });
    const atMark = sample();
    const peakRss = atMark.servers.map((u) => u?.rssBytes ?? 0);
    const sampler = setInterval(() => {
      for (const [i, pid] of pids.servers.entries()) peakRss[i] = Math.max(peakRss[i]!, procUsage(pid)?.rssBytes ?? 0);
    }, 250);
    if (options.serverReports) {
      await Promise.all(
        servers.map((s, i) => (atMark.servers[i] ? null : s.next(is<ServerEvent, "marked">("marked"), "mark", 60_000))),
      );
    }

    await sleep(options.seconds * 1000);
    const stopAt = nowMicros(epoch) + lead;
    const stopped = workers.map((w) => w.next(is<WorkerEvent, "stopped">("stopped"), "stop", 60_000));
    const drainMs = 15_000;
    for (const w of workers)
      w.send({ type: "stop", at: stopAt, drainUntil: stopAt + drainMs * 1000 } satisfies WorkerCommand);
    await sleep(Math.max(0, (stopAt - nowMicros(epoch)) / 1000));
    const atStop = sample();
    clearInterval(sampler);
    const serverReports = options.serverReports
      ? await Promise.all(
          servers.map((s, i) => {
            s.send({ type: "report", from: markAt, to: stopAt } satisfies ServerCommand);
            return s
              .next(is<ServerEvent, "report">("report"), "server report", atStop.servers[i] ? 30_000 : 60_000)
              .catch((error: unknown) => {
                if (!atStop.servers[i]) throw error;
                return null; // too busy to answer: only the event-loop delay is missing
              });
          }),
        )
      : servers.map(() => null);
    await Promise.all(stopped);

    const drainDeadline = Date.now() + drainMs;
    let reports: WorkerReport[];
    for (;;) {
      reports = await collectReports(workers);
      const sent = sum(reports.map((r) => r.editsSent));
      const delivered = sum(reports.map((r) => r.deliveredOfWindowEdits));
      if (delivered >= sent * (options.perRoom - 1) || Date.now() > drainDeadline) break;
      await sleep(250);
    }

    const latency = new Histogram();
    const awareness = new Histogram();
    for (const r of reports) {
      latency.merge(new Histogram(r.updateLatency));
      awareness.merge(new Histogram(r.awarenessLatency));
    }
    return {
      reports,
      latency,
      awareness,
      windowMs: atStop.wallMs - atMark.wallMs,
      machineMicros: atMark.busy === null || atStop.busy === null ? null : atStop.busy - atMark.busy,
      serverCpuMicros: pids.servers.map((_, i) => {
        const measured = cpuDelta(atMark.servers[i], atStop.servers[i]);
        return Number.isFinite(measured) ? measured : (serverReports[i]?.cpuMicros ?? NaN);
      }),
      workerCpuMicros: reports.map((r, i) => {
        const measured = cpuDelta(atMark.workers[i], atStop.workers[i]);
        return Number.isFinite(measured) ? measured : r.cpuMicros;
      }),
      otherCpuMicros: Object.fromEntries(
        pids.other.map(([name, group], g) => [
          name,
          group.map((_, i) => cpuDelta(atMark.other[g]![i], atStop.other[g]![i])),
        ]),
      ),
      peakRssBytes: pids.servers.map((_, i) =>
        atStop.servers[i]
          ? Math.max(peakRss[i]!, atStop.servers[i]!.rssBytes)
          : (serverReports[i]?.peakRssBytes ?? peakRss[i]!),
      ),
      serverReports,
      editsSent: sum(reports.map((r) => r.editsSent)),
      deliveredInWindow: sum(reports.map((r) => r.deliveredInWindow)),
    };
  } finally {
    await Promise.all(workers.map((w) => stop(w, { type: "close" } satisfies WorkerCommand, 5_000)));
  }
}

/** What every editing run reports, from its window: rates, completeness and latencies (ms). */
export function editingFigures(window: EditingWindow, options: { editors: number; perRoom: number; editHz: number }) {
  const { reports, latency, awareness, editsSent } = window;
  const windowSeconds = window.windowMs / 1000;
  return {
    seconds: windowSeconds,
    editsPerSecond: editsSent / windowSeconds,
    targetEditsPerSecond: options.editors * options.editHz,
    editsLate: sum(reports.map((r) => r.editsLate)),
    deliveriesPerSecond: window.deliveredInWindow / windowSeconds,
    /** Deliveries of the window's edits / (edits × (N − 1)), after the drain. */
    completeness:
      editsSent === 0 ? 0 : sum(reports.map((r) => r.deliveredOfWindowEdits)) / (editsSent * (options.perRoom - 1)),
    p50: latency.quantile(0.5) / 1000,
    p95: latency.quantile(0.95) / 1000,
    p99: latency.quantile(0.99) / 1000,
    max: latency.max / 1000,
    awarenessP95: awareness.quantile(0.95) / 1000,
  };
}

export type EditingFigures = ReturnType<typeof editingFigures>;

/** Sockets the servers closed during a run, by close code. */
export function closesOf(window: EditingWindow): Record<string, number> {
  const closes: Record<string, number> = {};
  for (const r of window.reports) for (const c of r.closes) closes[c.code] = (closes[c.code] ?? 0) + 1;
  return closes;
}

/** CPU time as a share of one core over the window, in %. */
export const percentOfCore = (window: EditingWindow, micros: number) => (micros / 1000 / window.windowMs) * 100;

/** A server's warnings and errors (pino levels 40–60) from its log, the last `count`. */
export const warningsOf = (child: Child<{ type: string }>, count: number) =>
  child.log.filter((line) => /"level":(40|50|60)/.test(line)).slice(-count);

// ---- reporting ------------------------------------------------------------------------------

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A number with thousands separators and at most `digits` decimals (votes.ts's tables). */
export const fmtGrouped = (n: number, digits = 1) => n.toLocaleString("en-US", { maximumFractionDigits: digits });

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/** `value` against `baseline` as a factor: "1.23×". */
export const ratio = (value: number, baseline: number) => `${fmt(value / baseline, 2)}×`;

/** Not everything sent during the window arrived within the drain: the set-up could not keep up. */
export const overloaded = (r: { completeness: number }) => r.completeness < 0.999;

/**
 * A latency against a baseline's. The latencies of an overloaded run are lower bounds, and so is
 * a ratio over them: "≥ " when only `value` was overloaded, "≤ " when only the baseline was.
 */
export function latencyRatio(
  value: { completeness: number },
  baseline: { completeness: number },
): (a: number, b: number) => string {
  const bound = overloaded(value) ? (overloaded(baseline) ? null : "≥ ") : overloaded(baseline) ? "≤ " : "";
  return (a, b) => (bound === null ? "– (both overloaded)" : `${bound}${ratio(a, b)}`);
}

export const OVERLOADED_NOTE =
  '≥: overloaded: part of the window\'s deliveries had not arrived 15 s after it (see "delivered"); ' +
  "those latencies are unknown and larger, so the figures shown are lower bounds.";

/**
 * Runs `attempt` once, and again (up to `retries` more times) while other processes used ≥ 20 % of
 * a core during it, keeping the least disturbed run. Before each: waits up to `quietWait` seconds
 * for the machine to go quiet. Prints `label…`, then `summary` of the run, or FAILED and
 * `failure` (which records it) of the error: a failed run ends the attempts, the others are kept.
 */
export async function leastDisturbed<R extends { otherCpuPercent: number | null }>(
  options: { retries: number; quietWait: number },
  label: string,
  attempt: () => Promise<R>,
  summary: (result: R) => string,
  failure: (error: unknown) => string,
): Promise<R | null> {
  let result: R | null = null;
  for (let n = 0; n <= options.retries; n++) {
    const busy = await waitForQuiet(options.quietWait * 1000, 25);
    process.stdout.write(
      `${label}${n > 0 ? ` (again, ${n}/${options.retries})` : ""}` +
        `${busy !== null && busy > 25 ? ` (machine busy: ${fmt(busy, 0)} % of a core used by others)` : ""}… `,
    );
    let run: R;
    try {
      run = await attempt();
    } catch (error) {
      process.stdout.write(`FAILED: ${failure(error)}\n`);
      break;
    }
    const other = run.otherCpuPercent ?? 0;
    process.stdout.write(
      `${summary(run)}${other >= 20 ? ` — other processes used ${fmt(other, 0)} % of a core` : ""}\n`,
    );
    if (!result || other < (result.otherCpuPercent ?? 0)) result = run;
    if (other < 20) break;
  }
  return result;
}

/** The lines after a table of editing runs: closed sockets, late edits and the servers' warnings. */
export function runNotes(
  r: { closes: Record<string, number>; editsLate: number; serverWarnings: string[] },
  tag: string,
  words: { closedBy: string; log: string },
): string[] {
  const out: string[] = [];
  const closes = Object.entries(r.closes);
  if (closes.length > 0)
    out.push(`${tag}: sockets closed by ${words.closedBy}: ${closes.map(([c, k]) => `${k}× ${c}`).join(", ")}`);
  if (r.editsLate > 0) out.push(`${tag}: ${r.editsLate} edits sent more than a period late (generator behind)`);
  for (const line of r.serverWarnings) out.push(`${tag} ${words.log} log: ${line.slice(0, 300)}`);
  return out;
}
