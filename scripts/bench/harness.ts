import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Child processes and the machine's CPU, shared by the benchmarks (collab.ts, cluster.ts):
// forked children with IPC and deadlines, CPU and memory from /proc.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const HERE = path.dirname(fileURLToPath(import.meta.url));

const children = new Set<ChildProcess>();

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
  children.add(child);
  child.once("exit", () => children.delete(child));
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
