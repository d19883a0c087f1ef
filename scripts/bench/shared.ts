import * as decoding from "lib0/decoding";

// What the benchmark's processes share: the messages they exchange over IPC, a mergeable latency
// histogram, the time base and the small decoders the simulated editors use to read a send time
// out of what they receive without applying it to a document.

export type ServerKind = "minka" | "stock";

/** Parent → server process. */
export type ServerCommand =
  | { type: "mark" }
  /** CPU and memory since the mark; event-loop delay between `from` and `to` (µs since the epoch). */
  | { type: "report"; from: number; to: number }
  | { type: "close" };

/** Server process → parent. */
export type ServerEvent =
  | { type: "listening"; port: number; rssBytes: number }
  | { type: "marked" }
  | {
      type: "report";
      /** CPU (user + system) since the mark, in microseconds. */
      cpuMicros: number;
      wallMs: number;
      rssBytes: number;
      peakRssBytes: number;
      heapUsedBytes: number;
      connections: number | null;
      /** Event-loop delay over the window (how late a 10 ms timer fired): p99 and max. */
      loopDelayP99Ms: number;
      loopDelayMaxMs: number;
    }
  | { type: "closed" }
  | { type: "error"; message: string };

export type EditorSpec = {
  index: number;
  cookie: string | null;
  /** This editor's socket URL (another node, another room); WorkerConfig.url when absent. */
  url?: string;
  /** The Origin header for `url`; WorkerConfig.origin when absent. */
  origin?: string;
  /** The node this editor is on (scripts/bench/cluster.ts): deliveries are also counted per group. */
  group?: number;
};

export type WorkerConfig = {
  /** ws://127.0.0.1:port/collab/commitment/<id> */
  url: string;
  origin: string;
  editors: EditorSpec[];
  editHz: number;
  awarenessHz: number;
  /** Re-send every awareness change received, as the stock WebsocketProvider does. */
  awarenessEcho: boolean;
  /** Characters each editor keeps in its paragraph; older ones are deleted as it types. */
  keepChars: number;
  /** process.hrtime.bigint() of the parent at start, as a decimal string: time zero. */
  epoch: string;
  seed: number;
};

/** Parent → load-generator worker. */
export type WorkerCommand =
  | { type: "start"; config: WorkerConfig }
  | { type: "edit" }
  | { type: "mark"; at: number }
  /** Stop editing at `at`; after `drainUntil` (µs), close the sockets: whatever has not arrived is lost. */
  | { type: "stop"; at: number; drainUntil: number }
  | { type: "report" }
  | { type: "close" };

export type WorkerReport = {
  /** Edits sent during [mark, stop]. */
  editsSent: number;
  awarenessSent: number;
  /** Edit sends that were more than one period late (the generator could not keep up). */
  editsLate: number;
  /** Updates from other editors received during [mark, stop]. */
  deliveredInWindow: number;
  /** Deliveries of edits sent during [mark, stop], whenever they arrived. */
  deliveredOfWindowEdits: number;
  /** deliveredInWindow by EditorSpec.group (index: group; editors without a group count in 0). */
  deliveredInWindowByGroup: number[];
  updateLatency: number[];
  awarenessLatency: number[];
  closes: { code: number; reason: string }[];
  cpuMicros: number;
  wallMs: number;
};

/** Load-generator worker → parent. */
export type WorkerEvent =
  | { type: "connected"; editors: number; clientIds: number[] }
  | { type: "marked" }
  | { type: "stopped" }
  | { type: "report"; report: WorkerReport }
  | { type: "error"; message: string };

// ---- time ------------------------------------------------------------------------------------

/**
 * Microseconds since the run's epoch. process.hrtime is CLOCK_MONOTONIC, one clock for every
 * process on the machine, so a time written by one process can be compared in another.
 */
export function nowMicros(epoch: bigint): number {
  return Number((process.hrtime.bigint() - epoch) / 1000n);
}

// ---- histogram --------------------------------------------------------------------------------

/** Log-bucketed latencies in microseconds: 2 % resolution from 1 µs to past 10 minutes. */
const GROWTH = 1.02;
const BUCKETS = 1100;
const LOG_GROWTH = Math.log(GROWTH);

export class Histogram {
  readonly counts: number[];
  count = 0;
  sum = 0;
  max = 0;

  constructor(counts?: number[]) {
    this.counts = counts ? [...counts] : new Array<number>(BUCKETS).fill(0);
    for (const [i, c] of this.counts.entries()) {
      this.count += c;
      this.sum += c * bucketValue(i);
      if (c > 0) this.max = Math.max(this.max, bucketValue(i));
    }
  }

  record(micros: number): void {
    const value = Math.max(1, micros);
    const index = Math.min(BUCKETS - 1, Math.floor(Math.log(value) / LOG_GROWTH));
    this.counts[index]!++;
    this.count++;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sum += other.sum;
    this.max = Math.max(this.max, other.max);
  }

  /** The value (µs) below which `q` of the samples lie; NaN without samples. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const target = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= target) return bucketValue(i);
    }
    return this.max;
  }
}

/** The middle of a bucket (geometric). */
function bucketValue(index: number): number {
  return Math.pow(GROWTH, index + 0.5);
}

// ---- reading send times out of what arrives ----------------------------------------------------

/** The marker every edit inserts: "~" and the send time in µs since the epoch, base 36. */
export const STAMP_PREFIX = "~";

export type StampedUpdate = { client: number; clock: number; sentAt: number | null };

/**
 * Reads the author (client id), clock and send stamp of an update (Yjs v1 encoding) from its first
 * struct, without decoding the rest: the first struct of an edit is the inserted string. Returns
 * null for anything else (sync, setup transactions, deletions only).
 */
export function readStampedUpdate(update: Uint8Array): StampedUpdate | null {
  try {
    const d = decoding.createDecoder(update);
    const clients = decoding.readVarUint(d);
    if (clients < 1) return null;
    const structs = decoding.readVarUint(d);
    if (structs < 1) return null;
    const client = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const info = decoding.readUint8(d);
    const ref = info & 0x1f;
    if (ref !== 4) return { client, clock, sentAt: null }; // not a ContentString
    if (info & 0x80) {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
    }
    if (info & 0x40) {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
    }
    if ((info & 0xc0) === 0) {
      if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
      else {
        decoding.readVarUint(d);
        decoding.readVarUint(d);
      }
      if (info & 0x20) decoding.readVarString(d);
    }
    const text = decoding.readVarString(d);
    if (!text.startsWith(STAMP_PREFIX)) return { client, clock, sentAt: null };
    const sentAt = parseInt(text.slice(STAMP_PREFIX.length), 36);
    return { client, clock, sentAt: Number.isFinite(sentAt) ? sentAt : null };
  } catch {
    return null;
  }
}

const T_KEY = [0x22, 0x74, 0x22, 0x3a]; // "t":

/**
 * Each awareness entry's client id and the send stamp `t` in its state (null when absent). The
 * state's JSON is searched for `"t":<digits>` as bytes, without decoding or parsing it: this runs
 * for every awareness frame every editor receives.
 */
export function readAwarenessStamps(update: Uint8Array): { client: number; sentAt: number | null }[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const out: { client: number; sentAt: number | null }[] = [];
  for (let i = 0; i < n; i++) {
    const client = decoding.readVarUint(d);
    decoding.readVarUint(d); // clock
    const length = decoding.readVarUint(d);
    const start = d.pos;
    const end = start + length;
    d.pos = end;
    let sentAt: number | null = null;
    for (let j = end - T_KEY.length; j >= start; j--) {
      if (
        update[j] === T_KEY[0] &&
        update[j + 1] === T_KEY[1] &&
        update[j + 2] === T_KEY[2] &&
        update[j + 3] === T_KEY[3]
      ) {
        let value = 0;
        let k = j + 4;
        for (; k < end && update[k]! >= 0x30 && update[k]! <= 0x39; k++) value = value * 10 + (update[k]! - 0x30);
        if (k > j + 4) sentAt = value;
        break;
      }
    }
    out.push({ client, sentAt });
  }
  return out;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sends an IPC message if the channel is open (a closing process must not throw). */
export function sendToParent(message: ServerEvent | WorkerEvent): void {
  if (process.send && process.connected) process.send(message);
}
