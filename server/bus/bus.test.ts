import { describe, expect, it } from "vitest";
import { LocalBus, type AppTopics } from "../../app/bus.ts";
import { relayCodec } from "../collab/bus.ts";
import { appCodecs } from "./codecs.ts";

describe("the in-process bus", () => {
  it("delivers in publish order to every subscriber of the topic, and only to them", () => {
    const bus = new LocalBus<AppTopics>();
    const heard: string[] = [];
    bus.subscribe("live", (event, delivery) => void heard.push(`a:${event.type}:${delivery.local}`));
    bus.subscribe("live", (event) => void heard.push(`b:${event.type}`));
    bus.subscribe("collab.version", () => void heard.push("wrong topic"));
    bus.publish("live", { room: "plan:x", type: "one" });
    bus.publish("live", { room: "plan:x", type: "two" });
    expect(heard).toEqual(["a:one:true", "b:one", "a:two:true", "b:two"]);
  });

  it("keeps delivering when a subscriber throws or rejects, and reports both", async () => {
    const errors: string[] = [];
    const bus = new LocalBus<AppTopics>((error, topic) => errors.push(`${topic}:${(error as Error).message}`));
    const heard: string[] = [];
    bus.subscribe("collab.access", () => {
      throw new Error("sync");
    });
    bus.subscribe("collab.access", async () => {
      throw new Error("async");
    });
    bus.subscribe("collab.access", ({ room }) => void heard.push(room));
    await bus.publishAndWait("collab.access", { room: "commitment/c1" });
    expect(heard).toEqual(["commitment/c1"]);
    expect(errors).toEqual(["collab.access:sync", "collab.access:async"]);
  });

  it("publishAndWait resolves after the subscribers' work; unsubscribing stops delivery", async () => {
    const bus = new LocalBus<AppTopics>();
    let done = false;
    const stop = bus.subscribe("sessions.ended", async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = true;
    });
    await bus.publishAndWait("sessions.ended", { userId: "u1", sessionIds: "all" });
    expect(done).toBe(true);
    stop();
    done = false;
    await bus.publishAndWait("sessions.ended", { userId: "u1", sessionIds: "all" });
    expect(done).toBe(false);
    expect(bus.hasSubscribers("sessions.ended")).toBe(false);
  });
});

describe("the topics' wire formats", () => {
  it("carry every topic's message through encode and decode unchanged", () => {
    const update = { room: "session/s1", id: 42, data: new Uint8Array([1, 2, 3]), userId: null, clientIds: [7, 99] };
    expect(appCodecs["collab.update"].decode(appCodecs["collab.update"].encode(update))).toEqual(update);
    const live = { room: "proposal:p1", type: "vote", payload: { total: 3 } };
    expect(appCodecs.live.decode(appCodecs.live.encode(live))).toEqual(live);
    const ended = { userId: "u1", sessionIds: ["s1", "s2"] };
    expect(appCodecs["sessions.ended"].decode(appCodecs["sessions.ended"].encode(ended))).toEqual(ended);
    const relay = {
      room: "commitment/c1",
      message: { kind: "awareness" as const, data: new Uint8Array([9]), clients: [1, 2], origin: null, instance: "i" },
    };
    expect(relayCodec.decode(relayCodec.encode(relay))).toEqual(relay);
  });

  it("refuse malformed or mis-shaped payloads", () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(() => appCodecs.live.decode(bytes("{not json"))).toThrow();
    expect(() => appCodecs.live.decode(bytes('{"room":1,"type":"x"}'))).toThrow(/unexpected shape/);
    expect(() => appCodecs["sessions.ended"].decode(bytes('{"userId":"u","sessionIds":[1]}'))).toThrow();
    expect(() => appCodecs["collab.update"].decode(new Uint8Array([5, 1]))).toThrow();
    expect(() => relayCodec.decode(new Uint8Array([0xff, 0xff]))).toThrow();
  });
});
