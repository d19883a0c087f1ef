import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as ioClient, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LiveMessage, LiveSubscribeAck } from "../../app/live-events.ts";
import { createLiveRooms } from "./rooms.ts";

// Real socket.io server and clients over real websockets; the identity a session cookie would
// give is set from a handshake field so the room rules can be tried for different people.
let http: HttpServer;
let io: Server;
let rooms: ReturnType<typeof createLiveRooms>;
let url: string;
const clients: Socket[] = [];

beforeEach(async () => {
  http = createServer();
  io = new Server(http);
  io.use((socket, next) => {
    socket.data.userId = (socket.handshake.auth as { userId?: string }).userId ?? null;
    next();
  });
  rooms = createLiveRooms(io, { eventsPerMinute: 30 });
  io.on("connection", (socket) => rooms.attach(socket));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  rooms.close();
  await io.close();
});

async function connect(userId?: string): Promise<Socket> {
  const socket = ioClient(url, { transports: ["websocket"], auth: userId ? { userId } : {}, reconnection: false });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

function subscribe(socket: Socket, request: unknown): Promise<LiveSubscribeAck> {
  return socket.timeout(2000).emitWithAck("live:subscribe", request);
}

function collect(socket: Socket): LiveMessage[] {
  const received: LiveMessage[] = [];
  socket.on("live", (message: LiveMessage) => received.push(message));
  return received;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("live rooms", () => {
  it("delivers a room's events only to its followers, numbered", async () => {
    const follower = await connect();
    const other = await connect();
    const got = collect(follower);
    const gotOther = collect(other);
    expect(await subscribe(follower, { rooms: ["proposal:p1"] })).toMatchObject({ ok: true, refused: [], resync: [] });
    expect(await subscribe(other, { rooms: ["proposal:p2"] })).toMatchObject({ ok: true });
    rooms.publish({ room: "proposal:p1", type: "vote", payload: { total: 1 } });
    rooms.publish({ room: "proposal:p1", type: "vote", payload: { total: 2 } });
    await settle();
    expect(got.map((m) => [m.type, m.seq, m.payload])).toEqual([
      ["vote", 1, { total: 1 }],
      ["vote", 2, { total: 2 }],
    ]);
    expect(gotOther).toEqual([]);
  });

  it("keeps a person's own room private to them", async () => {
    const ana = await connect("ana");
    const anonymous = await connect();
    const bob = await connect("bob");
    expect(await subscribe(ana, { rooms: ["user:ana"] })).toMatchObject({ ok: true, refused: [] });
    expect(await subscribe(anonymous, { rooms: ["user:ana"] })).toMatchObject({ ok: true, refused: ["user:ana"] });
    expect(await subscribe(bob, { rooms: ["user:ana", "plan:x"] })).toMatchObject({ ok: true, refused: ["user:ana"] });
    const gotBob = collect(bob);
    const gotAna = collect(ana);
    rooms.publish({ room: "user:ana", type: "notification" });
    await settle();
    expect(gotAna).toHaveLength(1);
    expect(gotBob).toEqual([]);
  });

  it("replays what a reconnecting client missed, or asks it to reload", async () => {
    const first = await connect();
    const got = collect(first);
    const ack = await subscribe(first, { rooms: ["plan:a"] });
    rooms.publish({ room: "plan:a", type: "t", payload: 1 });
    await settle();
    expect(got).toHaveLength(1);
    first.close();
    rooms.publish({ room: "plan:a", type: "t", payload: 2 });
    rooms.publish({ room: "plan:a", type: "t", payload: 3 });

    const again = await connect();
    const replayed = collect(again);
    const epoch = ack.ok ? ack.epoch : "";
    expect(await subscribe(again, { rooms: ["plan:a"], epoch, since: { "plan:a": 1 } })).toMatchObject({ resync: [] });
    await settle();
    expect(replayed.map((m) => m.payload)).toEqual([2, 3]);

    // A client that saw events of another server run cannot be replayed to: it must reload.
    const stale = await connect();
    expect(await subscribe(stale, { rooms: ["plan:a"], epoch: "another-run", since: { "plan:a": 5 } })).toMatchObject({
      ok: true,
      resync: ["plan:a"],
    });
  });

  it("refuses malformed subscriptions and rate-limits them", async () => {
    const socket = await connect("mallory");
    for (const bad of [null, "plan:a", { rooms: [] }, { rooms: [42] }, { rooms: ["plan:a"], since: { "plan:a": -1 } }]) {
      expect(await subscribe(socket, bad)).toEqual({ ok: false, error: "invalid" });
    }
    expect(await subscribe(socket, { rooms: Array.from({ length: 21 }, (_, i) => `plan:${i}`) })).toEqual({
      ok: false,
      error: "invalid",
    });
    expect(await subscribe(socket, { rooms: ["secret:x", "plan:../x"] })).toMatchObject({
      ok: true,
      refused: ["secret:x", "plan:../x"],
    });
    let answer: LiveSubscribeAck = { ok: true, epoch: "", refused: [], resync: [] };
    for (let i = 0; i < 40 && answer.ok; i += 1) answer = await subscribe(socket, { rooms: ["plan:a"] });
    expect(answer).toMatchObject({ ok: false, error: "rate-limited", retryAfterSeconds: expect.any(Number) });
    // The server is still there for everyone else.
    const other = await connect("someone");
    expect(await subscribe(other, { rooms: ["plan:a"] })).toMatchObject({ ok: true });
  });
});
