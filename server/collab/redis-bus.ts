import { randomUUID } from "node:crypto";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Redis } from "ioredis";
import type { BusListener, BusMessage, RoomBus } from "./bus.ts";

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;

export type RedisRoomBusOptions = {
  /** A connection for publishing: commands issued while Redis is away wait in its queue. */
  publisher: Redis;
  /** A second connection, used only for blocking reads. */
  reader: Redis;
  /** Stream key, e.g. `minka:collab`. */
  stream: string;
  /** Entries kept in the stream (approximate trimming). */
  maxLength?: number;
  onError?: (error: unknown, room: string | null) => void;
};

/**
 * The RoomBus for several Minka nodes: every message goes into one Redis stream that every node
 * reads. A node delivers its own messages to its local subscribers at once (so its clients never
 * wait for Redis) and other nodes' messages as they arrive, in stream order. A stream, rather than
 * pub/sub, is what lets nodes converge after Redis restarts: messages published meanwhile wait in
 * the publisher's command queue and land in the stream when Redis is back, and each reader goes
 * on from the last entry it saw, so nothing published during the outage is skipped.
 */
export class RedisRoomBus implements RoomBus {
  private readonly listeners = new Map<string, Set<BusListener>>();
  private lastId = "$";
  private closed = false;
  private readonly loop: Promise<void>;
  /** Tags this bus's entries in the stream: they were delivered locally when published. */
  private readonly busId = randomUUID();

  constructor(private readonly options: RedisRoomBusOptions) {
    this.loop = this.read();
  }

  publish(room: string, message: BusMessage): void {
    this.deliver(room, message);
    const payload = encodeMessage(this.busId, room, message);
    this.options.publisher
      .xadd(this.options.stream, "MAXLEN", "~", String(this.options.maxLength ?? 10_000), "*", "m", payload)
      .catch((error: unknown) => this.options.onError?.(error, room));
  }

  subscribe(room: string, listener: BusListener): () => void {
    let set = this.listeners.get(room);
    if (!set) {
      set = new Set();
      this.listeners.set(room, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(room);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(room);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    // Unblocks the pending XREAD.
    this.options.reader.disconnect();
    await this.loop;
    this.options.publisher.disconnect();
  }

  private deliver(room: string, message: BusMessage) {
    for (const listener of [...(this.listeners.get(room) ?? [])]) {
      try {
        listener(message);
      } catch (error) {
        this.options.onError?.(error, room);
      }
    }
  }

  private async read(): Promise<void> {
    const { reader, stream } = this.options;
    while (!this.closed) {
      try {
        if (this.lastId === "$") {
          // Start after the newest entry that exists now, remembering it so that a reconnect
          // resumes from there rather than from "now".
          const newest = (await reader.xrevrange(stream, "+", "-", "COUNT", 1)) as [string, string[]][];
          this.lastId = newest[0]?.[0] ?? "0-0";
        }
        const result = (await reader.xreadBuffer("COUNT", 500, "BLOCK", 1000, "STREAMS", stream, this.lastId)) as
          [Buffer, [Buffer, Buffer[]][]][] | null;
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id.toString();
            const payload = fields[1];
            if (!payload) continue;
            const decoded = decodeMessage(payload);
            if (!decoded) {
              this.options.onError?.(new Error("malformed collab bus entry"), null);
              continue;
            }
            // Our own messages were delivered when published.
            if (decoded.busId === this.busId) continue;
            this.deliver(decoded.room, decoded.message);
          }
        }
      } catch (error) {
        if (this.closed) return;
        this.options.onError?.(error, null);
        // Redis is away: ioredis reconnects; try again shortly.
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
}

function encodeMessage(busId: string, room: string, message: BusMessage): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, busId);
  encoding.writeVarString(encoder, room);
  encoding.writeVarString(encoder, message.instance);
  encoding.writeVarString(encoder, message.origin ?? "");
  if (message.kind === "update") {
    encoding.writeUint8(encoder, KIND_UPDATE);
    encoding.writeVarUint8Array(encoder, message.data);
  } else {
    encoding.writeUint8(encoder, KIND_AWARENESS);
    encoding.writeVarUint8Array(encoder, message.data);
    encoding.writeVarUint(encoder, message.clients.length);
    for (const client of message.clients) encoding.writeVarUint(encoder, client);
  }
  return Buffer.from(encoding.toUint8Array(encoder));
}

function decodeMessage(payload: Buffer): { busId: string; room: string; message: BusMessage } | null {
  try {
    const decoder = decoding.createDecoder(new Uint8Array(payload));
    const busId = decoding.readVarString(decoder);
    const room = decoding.readVarString(decoder);
    const instance = decoding.readVarString(decoder);
    const origin = decoding.readVarString(decoder) || null;
    const kind = decoding.readUint8(decoder);
    const data = decoding.readVarUint8Array(decoder);
    if (kind === KIND_UPDATE) return { busId, room, message: { kind: "update", data, origin, instance } };
    if (kind !== KIND_AWARENESS) return null;
    const count = decoding.readVarUint(decoder);
    if (count > 100_000) return null;
    const clients: number[] = [];
    for (let i = 0; i < count; i += 1) clients.push(decoding.readVarUint(decoder));
    return { busId, room, message: { kind: "awareness", data, clients, origin, instance } };
  } catch {
    return null;
  }
}
