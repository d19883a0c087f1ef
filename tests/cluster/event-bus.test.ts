import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { AppTopics, Delivery } from "../../app/bus.ts";
import { appCodecs, RedisBus } from "../../server/bus/index.ts";
import { waitFor } from "../support/wait.ts";

// The event bus on Redis between two "nodes" (two buses on one stream): typed messages arrive
// intact on the other node, marked as remote; a malformed entry in the stream is reported and
// skipped without stopping delivery. Runs with `npm run test:postgres` where Redis is reachable.
const REDIS_URL = process.env.MINKA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const stream = `t${randomUUID().slice(0, 8)}:bus`;
const buses: RedisBus<AppTopics>[] = [];
const raw = new Redis(REDIS_URL);

function node(errors: string[] = []) {
  const connect = () => new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const bus = new RedisBus<AppTopics>({
    publisher: connect(),
    reader: connect(),
    stream,
    codecs: appCodecs,
    onError: (error) => errors.push((error as Error).message),
  });
  buses.push(bus);
  return bus;
}

afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  await raw.del(stream);
  raw.disconnect();
});

describe("the event bus on Redis", () => {
  it("delivers to the other node intact and in order, and skips a malformed entry", async () => {
    const errors: string[] = [];
    const a = node();
    const b = node(errors);
    const heard: { message: AppTopics["collab.update"] | AppTopics["live"]; delivery: Delivery }[] = [];
    b.subscribe("collab.update", (message, delivery) => void heard.push({ message, delivery }));
    b.subscribe("live", (message, delivery) => void heard.push({ message, delivery }));
    const local: Delivery[] = [];
    a.subscribe("live", (_message, delivery) => void local.push(delivery));
    // Let both readers reach the stream's end before publishing.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const update = { room: "commitment/c1", id: 7, data: new Uint8Array([1, 2, 3]), userId: "u1", clientIds: [5] };
    a.publish("collab.update", update);
    await raw.xadd(stream, "*", "b", "someone", "t", "live", "m", "{broken");
    await raw.xadd(stream, "*", "t", "no-such-topic", "m", "{}");
    a.publish("live", { room: "plan:p1", type: "after" });

    await waitFor(() => heard.length === 2, "both messages on node B", 5_000);
    expect(heard[0]).toEqual({ message: update, delivery: { local: false } });
    expect(heard[1]).toEqual({ message: { room: "plan:p1", type: "after" }, delivery: { local: false } });
    expect(local).toEqual([{ local: true }]);
    expect(errors).toHaveLength(2);
  });
});
