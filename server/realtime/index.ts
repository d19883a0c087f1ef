import type { Server as HttpServer } from "node:http";
import type { Logger } from "pino";
import type { Redis } from "ioredis";
import { Server } from "socket.io";
import type { AppBus } from "../../app/bus.ts";
import { readSessionToken, validateSessionToken } from "../../app/utils/session.server.ts";
import { hasTrustedOrigin } from "../origin.ts";
import { createLiveRooms } from "./rooms.ts";

export const SOCKET_PATH = "/socket.io";

/**
 * socket.io for live events. The handshake must come from our Origin; the session cookie, when
 * present, identifies the person. Public activity goes to every socket; other events go to the
 * live rooms a socket follows (rooms.ts). Both arrive on the event bus, which delivers them on every
 * node (docs/decisions/014), so each node emits to its own sockets only and socket.io needs no
 * adapter of its own.
 */
export function createRealtimeServer(
  httpServer: HttpServer,
  options: { logger: Logger; publicOrigin: string | null; bus: AppBus; redis: Redis | null },
) {
  const io = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
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

  const stopActivity = options.bus.subscribe("activity", (event) => void io.emit("activity:new", event));
  const rooms = createLiveRooms(io, { redis: options.redis });
  const stopLive = options.bus.subscribe("live", (event) => rooms.publish(event));
  io.on("connection", (socket) => rooms.attach(socket));

  return {
    io,
    /** Hands a websocket upgrade for SOCKET_PATH to engine.io. */
    handleUpgrade: io.engine.handleUpgrade.bind(io.engine),
    async close() {
      stopActivity();
      stopLive();
      rooms.close();
      await io.close();
    },
  };
}
