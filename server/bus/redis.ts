import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { LocalBus, type Bus, type Handler } from "../../app/bus.ts";
import type { Codecs } from "./codecs.ts";

export type RedisBusOptions<T> = {
  /** A connection for publishing: commands issued while Redis is away wait in its queue. */
  publisher: Redis;
  /** A second connection, used only for blocking reads. */
  reader: Redis;
  /** Stream key, e.g. `minka:bus`. */
  stream: string;
  /** How each topic's messages are written into the stream. */
  codecs: Codecs<T>;
  /** Entries kept in the stream (approximate trimming). */
  maxLength?: number;
  onError?: (error: unknown, topic: string | null) => void;
};

/**
 * The bus for several Minka nodes: every message goes into one Redis stream that every node
 * reads. A node delivers its own messages to its subscribers at once (so nothing in it waits for
 * Redis) and other nodes' messages as they arrive, in stream order. A stream, rather than pub/sub,
 * is what lets nodes converge after Redis restarts: messages published meanwhile wait in the
 * publisher's command queue and land in the stream when Redis is back, and each reader goes on
 * from the last entry it saw, so nothing published during the outage is skipped.
 */
export class RedisBus<T> implements Bus<T> {
  private readonly local: LocalBus<T>;
  private lastId = "$";
  private closed = false;
  private readonly loop: Promise<void>;
  /** Tags this bus's entries in the stream: they were delivered locally when published. */
  private readonly busId = Buffer.from(randomUUID());

  constructor(private readonly options: RedisBusOptions<T>) {
    this.local = new LocalBus<T>((error, topic) => options.onError?.(error, topic));
    this.loop = this.read();
  }

  publish<K extends keyof T & string>(topic: K, message: T[K]): void {
    void this.publishAndWait(topic, message);
  }

  publishAndWait<K extends keyof T & string>(topic: K, message: T[K]): Promise<void> {
    let payload: Uint8Array;
    try {
      payload = this.options.codecs[topic].encode(message);
    } catch (error) {
      this.options.onError?.(error, topic);
      return this.local.deliver(topic, message, { local: true });
    }
    this.options.publisher
      .xadd(
        this.options.stream,
        "MAXLEN",
        "~",
        String(this.options.maxLength ?? 10_000),
        "*",
        "b",
        this.busId,
        "t",
        topic,
        "m",
        Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
      )
      .catch((error: unknown) => this.options.onError?.(error, topic));
    return this.local.deliver(topic, message, { local: true });
  }

  subscribe<K extends keyof T & string>(topic: K, handler: Handler<T[K]>): () => void {
    return this.local.subscribe(topic, handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.local.close();
    // Unblocks the pending XREAD.
    this.options.reader.disconnect();
    await this.loop;
    this.options.publisher.disconnect();
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
            this.receive(fields);
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

  /** One stream entry: fields b (the publishing bus), t (topic), m (payload). */
  private receive(fields: Buffer[]): void {
    const entry = new Map<string, Buffer>();
    for (let i = 0; i + 1 < fields.length; i += 2) entry.set(fields[i]!.toString(), fields[i + 1]!);
    const from = entry.get("b");
    // Our own messages were delivered when published.
    if (from && from.equals(this.busId)) return;
    const topic = entry.get("t")?.toString() ?? "";
    const payload = entry.get("m");
    const codec = Object.hasOwn(this.options.codecs, topic)
      ? this.options.codecs[topic as keyof T & string]
      : undefined;
    if (!from || !payload || !codec) {
      this.options.onError?.(new Error(`bus: malformed entry (topic ${JSON.stringify(topic)})`), null);
      return;
    }
    let message: T[keyof T & string];
    try {
      message = codec.decode(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
    } catch (error) {
      this.options.onError?.(error, topic);
      return;
    }
    void this.local.deliver(topic, message, { local: false });
  }
}
