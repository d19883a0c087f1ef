import { readFileSync } from "node:fs";
import { randomInt } from "node:crypto";
import * as Y from "yjs";
import { seededRandom } from "../support/random.ts";

// Helpers of the fault suite: a seeded PRNG, the server process's memory, and documents rebuilt
// from the stored rows. (Polling waits and y-websocket clients are tests/support's.)

/** The fault suite's seeded generator: the shared mulberry32, plus words with an emoji. */
export function prng(seed: number) {
  const random = seededRandom(seed);
  const word = () =>
    Array.from({ length: 1 + random.int(8) }, () => "abcdefghijklmnñopqrstuvwxyzáéíóú ,.😀"[random.int(36)]).join("");
  return { ...random, word };
}
export type Random = ReturnType<typeof prng>;

/** The seed from `envName` when set (to reproduce a run), else a fresh one; printed either way. */
export function seedFrom(envName: string, what: string): number {
  const given = process.env[envName];
  const seed = given ? Number(given) : randomInt(1, 2 ** 31 - 1);
  if (!Number.isInteger(seed)) throw new Error(`${envName} must be an integer, got ${given}`);
  console.log(`${what}: seed ${seed} (reproduce with ${envName}=${seed})`);
  return seed;
}

/** Resident memory of a process in bytes, from /proc/<pid>/status (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = status.match(/^VmRSS:\s+(\d+)\s+kB$/m);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; keeps the peak and every sample. */
export function sampleRss(pid: number, everyMs = 100) {
  const samples: number[] = [rssBytes(pid)];
  const timer = setInterval(() => {
    try {
      samples.push(rssBytes(pid));
    } catch {
      // The process is gone: the test's liveness checks say so.
    }
  }, everyMs);
  return {
    samples,
    peak: () => Math.max(...samples),
    stop: () => clearInterval(timer),
  };
}

export const MiB = 1024 * 1024;

/** A room's document as the database holds it: the snapshot, then every update stored after it. */
export function documentFromRows(
  snapshot: { state: Uint8Array } | null,
  updates: readonly { data: Uint8Array }[],
): Y.Doc {
  const doc = new Y.Doc();
  if (snapshot) Y.applyUpdate(doc, snapshot.state);
  for (const update of updates) Y.applyUpdate(doc, update.data);
  return doc;
}

/** A state vector as a plain object (client id → clock), for comparisons and messages. */
export function stateVectorOf(doc: Y.Doc): Record<string, number> {
  return Object.fromEntries([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b));
}
