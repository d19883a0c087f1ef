import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BusMessage } from "../../server/collab/bus.ts";
import { RedisRoomBus } from "../../server/collab/redis-bus.ts";

// A Redis server of the test's own (Debian's redis-server, as on CI and on the machines this runs
// on), so that the test can stop and restart it in the middle of the traffic.
let port = 0;
let redis: ChildProcess | null = null;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
}

async function startRedis() {
  redis = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => 50 });
  probe.on("error", () => {});
  for (let i = 0; i < 100; i += 1) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  probe.disconnect();
}

async function stopRedis() {
  const child = redis!;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
});

afterAll(async () => {
  if (redis && redis.exitCode === null) await stopRedis();
});

function connection() {
  const client = new Redis({ port, maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on("error", () => {});
  return client;
}

function makeBus(stream: string) {
  const publisher = connection();
  const reader = connection();
  const bus = new RedisRoomBus({ publisher, reader, stream });
  return {
    bus,
    async close() {
      await bus.close();
      publisher.disconnect();
    },
  };
}

const update = (bytes: number[], instance: string): BusMessage => ({
  kind: "update",
  data: new Uint8Array(bytes),
  origin: null,
  instance,
});

async function until(condition: () => boolean, what: string, ms = 10_000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the Redis room bus", () => {
  it("delivers a node's messages locally at once and to the other node's subscribers of that room, in order", async () => {
    const a = makeBus("test:order");
    const b = makeBus("test:order");
    try {
      const onA: number[] = [];
      const onB: BusMessage[] = [];
      const otherRoom: BusMessage[] = [];
      a.bus.subscribe("commitment/1", (m) => onA.push(m.data[0]!));
      b.bus.subscribe("commitment/1", (m) => onB.push(m));
      b.bus.subscribe("commitment/2", (m) => otherRoom.push(m));
      await new Promise((resolve) => setTimeout(resolve, 200)); // readers positioned
      for (let i = 0; i < 50; i += 1) a.bus.publish("commitment/1", update([i], "node-a"));
      a.bus.publish("commitment/1", {
        kind: "awareness",
        data: new Uint8Array([9, 9]),
        clients: [4294967295, 7],
        origin: "conn-1",
        instance: "node-a",
      });
      // Synchronous local delivery.
      expect(onA).toHaveLength(51);
      await until(() => onB.length === 51, "node B to receive everything");
      expect(onB.slice(0, 50).map((m) => m.data[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(onB[50]).toEqual({
        kind: "awareness",
        data: new Uint8Array([9, 9]),
        clients: [4294967295, 7],
        origin: "conn-1",
        instance: "node-a",
      });
      // A's own messages are not delivered to A a second time from the stream.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(onA).toHaveLength(51);
      expect(otherRoom).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("loses nothing when Redis restarts in the middle of the traffic", async () => {
    const a = makeBus("test:restart");
    const b = makeBus("test:restart");
    try {
      const onB: number[] = [];
      b.bus.subscribe("room", (m) => onB.push(m.data[0]! + m.data[1]! * 256));
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < 100; i += 1) a.bus.publish("room", update([i % 256, i >> 8], "node-a"));
      await until(() => onB.length === 100, "the first hundred");
      await stopRedis();
      // Published while Redis is down: they wait in A's queue.
      for (let i = 100; i < 200; i += 1) a.bus.publish("room", update([i % 256, i >> 8], "node-a"));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await startRedis();
      for (let i = 200; i < 300; i += 1) a.bus.publish("room", update([i % 256, i >> 8], "node-a"));
      await until(() => onB.length === 300, "all three hundred after the restart", 20_000);
      expect(onB).toEqual(Array.from({ length: 300 }, (_, i) => i));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("skips a malformed stream entry and goes on", async () => {
    const a = makeBus("test:malformed");
    const errors: unknown[] = [];
    const publisher = connection();
    const b = new RedisRoomBus({
      publisher,
      reader: connection(),
      stream: "test:malformed",
      onError: (e) => errors.push(e),
    });
    try {
      const onB: BusMessage[] = [];
      b.subscribe("room", (m) => onB.push(m));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const raw = connection();
      await raw.xadd("test:malformed", "*", "m", Buffer.from([255, 255, 255]));
      raw.disconnect();
      a.bus.publish("room", update([1], "node-a"));
      await until(() => onB.length === 1, "the good message after the bad one");
      expect(errors.length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
      publisher.disconnect();
    }
  });
});
