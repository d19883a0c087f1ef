import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { Server, Socket } from "socket.io";
import { RateLimiterRes } from "rate-limiter-flexible";
import { createLimiter } from "../../app/utils/rate-limit.server.ts";
import {
  LIVE_ROOM_PATTERN,
  type LiveMessage,
  type LiveSubscribe,
  type LiveSubscribeAck,
} from "../../app/live-events.ts";

/** How many recent events each room keeps for clients that reconnect, and for how long. */
const REPLAY_EVENTS = 200;
const REPLAY_MS = 10 * 60 * 1000;
/** Rooms one subscription may name, and rooms one socket may follow. */
const MAX_ROOMS_PER_REQUEST = 20;
const MAX_ROOMS_PER_SOCKET = 50;

type Buffered = { message: LiveMessage; at: number };

/**
 * Live rooms over socket.io. Models publish events (app/utils/live.server.ts); each room numbers
 * its events and keeps the recent ones, so a browser that comes back after a dropped connection
 * gets what it missed, or is told to reload (`resync`) when the gap is older than the buffer or
 * the server restarted (a new `epoch`). Anyone may follow a public room; `user:<id>` only that
 * person. Subscriptions are rate-limited per person (or per address for anonymous sockets).
 */
export function createLiveRooms(io: Server, options: { eventsPerMinute?: number; redis?: Redis | null } = {}) {
  const epoch = randomBytes(6).toString("hex");
  const rooms = new Map<string, { seq: number; recent: Buffered[] }>();
  const limiter = createLimiter(
    {
      keyPrefix: "socket-events",
      points: options.eventsPerMinute ?? 120,
      duration: 60,
    },
    options.redis ?? null,
  );

  function publish(event: { room: string; type: string; payload?: unknown }) {
    let state = rooms.get(event.room);
    if (!state) {
      state = { seq: 0, recent: [] };
      rooms.set(event.room, state);
    }
    state.seq += 1;
    const message: LiveMessage = { ...event, seq: state.seq, epoch };
    const now = Date.now();
    state.recent.push({ message, at: now });
    while (state.recent.length > REPLAY_EVENTS || (state.recent[0] && now - state.recent[0].at > REPLAY_MS)) {
      state.recent.shift();
    }
    io.to(event.room).emit("live", message);
  }

  // Forget rooms whose buffer has aged out, so memory follows activity rather than history.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [room, state] of rooms) {
      const last = state.recent.at(-1);
      if (!last || now - last.at > REPLAY_MS) rooms.delete(room);
    }
  }, 60_000);
  sweep.unref();

  function canFollow(socket: Socket, room: string): boolean {
    if (!LIVE_ROOM_PATTERN.test(room)) return false;
    if (room.startsWith("user:")) return socket.data.userId === room.slice("user:".length);
    return true;
  }

  function attach(socket: Socket) {
    const limitKey = () => (socket.data.userId as string | null) ?? `ip:${socket.handshake.address}`;

    async function limited(): Promise<LiveSubscribeAck | null> {
      try {
        await limiter.consume(limitKey());
        return null;
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          return {
            ok: false,
            error: "rate-limited",
            retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
          };
        }
        throw error;
      }
    }

    socket.on("live:subscribe", async (request: unknown, ack: unknown) => {
      const reply = typeof ack === "function" ? (ack as (answer: LiveSubscribeAck) => void) : () => {};
      const refusal = await limited();
      if (refusal) return reply(refusal);
      const parsed = parseSubscribe(request);
      if (!parsed) return reply({ ok: false, error: "invalid" });
      const refused: string[] = [];
      const resync: string[] = [];
      for (const room of parsed.rooms) {
        if (!canFollow(socket, room) || (socket.rooms.size > MAX_ROOMS_PER_SOCKET && !socket.rooms.has(room))) {
          refused.push(room);
          continue;
        }
        await socket.join(room);
        const since = parsed.since?.[room];
        if (since === undefined) continue;
        const state = rooms.get(room);
        const lastSeq = parsed.epoch === epoch ? (state?.seq ?? 0) : null;
        if (lastSeq === null) {
          // Another server run numbered those events: nothing to replay from, so reload.
          resync.push(room);
        } else if (since < lastSeq) {
          const missed = state!.recent.filter((item) => item.message.seq > since);
          if (missed[0] && missed[0].message.seq === since + 1) {
            for (const item of missed) socket.emit("live", item.message);
          } else {
            resync.push(room);
          }
        }
      }
      reply({ ok: true, epoch, refused, resync });
    });

    socket.on("live:unsubscribe", async (request: unknown) => {
      if (await limited()) return;
      const parsed = parseSubscribe(request);
      if (!parsed) return;
      for (const room of parsed.rooms) await socket.leave(room);
    });
  }

  return {
    epoch,
    publish,
    attach,
    close() {
      clearInterval(sweep);
    },
  };
}

function parseSubscribe(request: unknown): LiveSubscribe | null {
  if (!request || typeof request !== "object") return null;
  const { rooms, epoch, since } = request as Record<string, unknown>;
  if (!Array.isArray(rooms) || rooms.length === 0 || rooms.length > MAX_ROOMS_PER_REQUEST) return null;
  if (!rooms.every((room): room is string => typeof room === "string" && room.length <= 80)) return null;
  if (epoch !== undefined && (typeof epoch !== "string" || epoch.length > 32)) return null;
  let sinceMap: Record<string, number> | undefined;
  if (since !== undefined) {
    if (!since || typeof since !== "object" || Array.isArray(since)) return null;
    sinceMap = {};
    for (const [room, seq] of Object.entries(since as Record<string, unknown>)) {
      if (typeof seq !== "number" || !Number.isInteger(seq) || seq < 0) return null;
      sinceMap[room] = seq;
    }
  }
  return { rooms, epoch: epoch as string | undefined, since: sinceMap };
}
