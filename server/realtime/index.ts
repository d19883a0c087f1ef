import type { Server as HttpServer } from "node:http";
import type { Logger } from "pino";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { Server } from "socket.io";
import { liveEvents, type ActivityEvent } from "../../app/utils/events.server.ts";
import { getRedis, redisPrefix } from "../../app/utils/redis.server.ts";
import { readSessionToken, validateSessionToken } from "../../app/utils/session.server.ts";
import { hasTrustedOrigin } from "../origin.ts";
import { createLiveRooms } from "./rooms.ts";

export const SOCKET_PATH = "/socket.io";

/**
 * socket.io for live events. The handshake must come from our Origin; the session cookie, when
 * present, identifies the person. Public activity goes to every socket; other events go to the
 * live rooms a socket follows (rooms.ts).
 */
export function createRealtimeServer(httpServer: HttpServer, options: { logger: Logger; publicOrigin: string | null }) {
  const redis = getRedis();
  const io = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // With REDIS_URL, events reach the sockets of every node through a Redis stream, which
    // survives Redis reconnects without losing packets.
    ...(redis ? { adapter: createAdapter(redis, { streamName: `${redisPrefix()}:socket.io` }) } : {}),
    allowRequest: (req, callback) => {
      const secure = "encrypted" in req.socket && req.socket.encrypted === true;
      callback(null, hasTrustedOrigin(req, options.publicOrigin, secure));
    },
  });

  io.use(async (socket, next) => {
    try {
      const result = await validateSessionToken(readSessionToken(socket.request.headers.cookie));
      socket.data.userId = result?.user.id ?? null;
      next();
    } catch (error) {
      options.logger.error({ err: error }, "socket authentication failed");
      next(new Error("authentication failed"));
    }
  });

  const onActivity = (event: ActivityEvent) => io.emit("activity:new", event);
  liveEvents.on("activity:new", onActivity);

  const rooms = createLiveRooms(io);
  liveEvents.on("live", rooms.publish);
  io.on("connection", (socket) => rooms.attach(socket));

  return {
    io,
    /** Hands a websocket upgrade for SOCKET_PATH to engine.io. */
    handleUpgrade: io.engine.handleUpgrade.bind(io.engine),
    async close() {
      liveEvents.off("activity:new", onActivity);
      liveEvents.off("live", rooms.publish);
      rooms.close();
      await io.close();
    },
  };
}
