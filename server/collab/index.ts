import { randomUUID } from "node:crypto";
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { AppBus } from "../../app/bus.ts";
import { CLOSE, type RoomRef } from "../../app/collab/protocol.ts";
import { eventBus } from "../../app/utils/bus.server.ts";
import { authenticate, type Access } from "./authenticate.ts";
import { InMemoryRoomBus, type RoomBus } from "./bus.ts";
import { Connection } from "./connection.ts";
import { handleDisconnect } from "./disconnect.ts";
import { Room } from "./room.ts";
import { DEFAULT_TUNING, type CollabTuning } from "./tuning.ts";
import { collabStorage, type CollabStorage } from "../../app/drafting/storage.server.ts";
import type { RoomExtension } from "./extension.ts";
import { commitmentRooms } from "./rooms/commitment.ts";
import { minutesRooms } from "./rooms/minutes.ts";

// The real-time collaboration server: Yjs documents shared over the y-websocket protocol, so the
// stock y-websocket WebsocketProvider is the client. Only the transport lives here:
//
//   authenticate.ts  upgrade: Origin, room, session cookie → read-write or read-only (+ re-checks)
//   room.ts          a room's document, connections, write queue, relay rounds, compaction, unload
//   change.ts        each update is validated, then stored with its author, then applied + relayed
//   ownership.ts     new structs may not use a client id another person owns (impersonation)
//   awareness.ts     the server-owned identity in presence; messages.ts the strict frame codec
//   disconnect.ts    presence leaves with the socket; empty rooms unload after a delay
//   bus.ts           the relay between the copies of a room (a topic of the event bus)
//   extension.ts     what a kind of room adds: its access rule and lifecycle hooks
//   rooms/           the kinds: commitment drafts (commitment.ts) and forum minutes (minutes.ts)
//
// What the document is and how it is stored (seed, authors, attribution, versions, projection,
// storage, compaction) is the drafting domain's, in app/drafting; app/collab/protocol.ts is what
// clients share: room names, limits, close codes. Server-authored changes (restores, minutes),
// access and status changes reach the loaded rooms on every node over the event bus (topics
// collab.update / collab.access / sessions.ended, app/bus.ts).
//
// Relay rounds (room.ts, docs/decisions/010): what reaches a room between two rounds is stored in
// one transaction, then relayed in one pass (each frame encoded once, awareness changes merged, one
// write per socket); a round runs at the end of the event loop's turn, at most every
// tuning.relayIntervalMs.
//
// Nothing here may crash the process: every socket and timer callback is wrapped, and a failure
// closes the connection (or resets the room) it concerns.

export type { CollabTuning } from "./tuning.ts";
export { InMemoryRoomBus, type RoomBus, type BusMessage } from "./bus.ts";
export type { CollabStorage, UpdateToStore } from "../../app/drafting/storage.server.ts";

export type CollabServerOptions = {
  logger: Logger;
  /** PUBLIC_URL's origin; null to trust the origin the Host header names (see server/origin.ts). */
  publicOrigin: string | null;
  /** Timings and limits (defaults in tuning.ts). */
  tuning?: Partial<CollabTuning>;
  /** Fan-out between connections; in-memory by default. */
  bus?: RoomBus;
  /** The process's event bus, for server-authored updates and access changes (see app/bus.ts). */
  events?: AppBus;
  /** The kinds of room served, one extension each (commitment drafts and forum minutes by default). */
  extensions?: readonly RoomExtension[];
  /** Storage of the updates and snapshots; the process-wide one by default (see storage.ts). */
  storage?: CollabStorage;
};

export type CollabServer = {
  /** For the HTTP server's upgrade router: paths starting with /collab/. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Refuses new sockets, closes open ones (SHUTTING_DOWN), flushes writes and compacts. */
  close(): Promise<void>;
  stats(): { rooms: number; connections: number };
};

export function createCollabServer(options: CollabServerOptions): CollabServer {
  const logger = options.logger.child({ component: "collab" });
  const tuning: CollabTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const bus =
    options.bus ??
    new InMemoryRoomBus((error, room) => logger.error({ err: error, room }, "collab: bus listener failed"));
  const instanceId = randomUUID();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: tuning.maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });
  const rooms = new Map<string, Room>();
  const connections = new Set<Connection>();
  let closing: Promise<void> | null = null;

  const extensions = new Map<string, RoomExtension>();
  for (const extension of options.extensions ?? [commitmentRooms, minutesRooms]) {
    if (extensions.has(extension.kind)) throw new Error(`collab: two extensions for rooms of kind ${extension.kind}`);
    extensions.set(extension.kind, extension);
  }
  const events = options.events ?? eventBus();

  const roomDeps = {
    events,
    bus,
    storage: options.storage ?? collabStorage(),
    logger,
    tuning,
    instanceId,
    onUnloaded: (room: Room) => {
      if (rooms.get(room.name) === room) rooms.delete(room.name);
    },
  };

  // What the rest of Minka changes in a room reaches its loaded copy here, on every node.
  const unsubscribe = [
    events.subscribe("collab.update", (update) => rooms.get(update.room)?.applyServerUpdate(update)),
    events.subscribe("collab.access", ({ room }) => rooms.get(room)?.accessChanged()),
    events.subscribe("sessions.ended", async () => {
      await Promise.allSettled([...rooms.values()].map((room) => room.accessChanged()));
    }),
  ];

  const heartbeat = setInterval(() => {
    for (const conn of connections) {
      try {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      } catch (error) {
        logger.debug({ err: error }, "collab: ping failed");
      }
    }
  }, tuning.heartbeatMs);
  heartbeat.unref();

  /** The live room for a name, waiting for a previous instance of it to finish unloading. */
  async function acquireRoom(ref: RoomRef, conn: Connection): Promise<Room | null> {
    for (;;) {
      if (closing || conn.closing) return null;
      const existing = rooms.get(ref.name);
      if (!existing) {
        const room = new Room(ref, { ...roomDeps, extension: extensions.get(ref.kind)! });
        rooms.set(ref.name, room);
        room.add(conn);
        return room;
      }
      if (existing.state === "loading" || existing.state === "ready") {
        existing.add(conn);
        return existing;
      }
      await existing.unload();
      if (rooms.get(ref.name) === existing) rooms.delete(ref.name);
    }
  }

  function onConnection(ws: WebSocket, ref: RoomRef, access: Access): void {
    const conn = new Connection(ws, ref, access, logger, tuning.maxBufferedBytes);
    connections.add(conn);
    let room: Room | null = null;
    const early: Uint8Array[] = [];

    ws.on("message", (data: RawData, isBinary: boolean) => {
      try {
        if (!isBinary) {
          conn.close(CLOSE.MALFORMED_MESSAGE);
          return;
        }
        // A copy the room owns, exactly the frame's size (lengths in it are checked against it).
        const bytes = new Uint8Array(toBuffer(data));
        if (room) room.receive(conn, bytes);
        else if (early.push(bytes) > tuning.maxInboxMessages) conn.close(CLOSE.OVERLOADED);
      } catch (error) {
        logger.error({ err: error, connection: conn.id }, "collab: message handler failed");
        conn.close(CLOSE.INTERNAL_ERROR);
      }
    });
    ws.on("pong", () => {
      conn.alive = true;
    });
    ws.on("error", (error) => {
      logger.debug({ err: error, connection: conn.id }, "collab: socket error");
    });
    ws.on("close", () => {
      try {
        conn.markClosed();
        connections.delete(conn);
        if (room) handleDisconnect(room, conn);
      } catch (error) {
        logger.error({ err: error, connection: conn.id }, "collab: disconnect handler failed");
      }
    });

    acquireRoom(ref, conn)
      .then((acquired) => {
        if (!acquired) {
          conn.close(CLOSE.SHUTTING_DOWN);
          return;
        }
        room = acquired;
        for (const bytes of early.splice(0)) acquired.receive(conn, bytes);
        if (conn.closed) handleDisconnect(acquired, conn);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, connection: conn.id }, "collab: joining the room failed");
        conn.close(CLOSE.INTERNAL_ERROR);
      });
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (closing) return refuse(socket, 503, "El servidor se está reiniciando.");
    const result = await authenticate(req, options.publicOrigin, extensions);
    if (!result.ok) {
      logger.info({ url: req.url, status: result.status }, "collab: upgrade refused");
      return refuse(socket, result.status, result.message);
    }
    if (closing) return refuse(socket, 503, "El servidor se está reiniciando.");
    if ((rooms.get(result.room.name)?.connections.size ?? 0) >= tuning.maxConnectionsPerRoom) {
      return refuse(socket, 503, "Demasiadas conexiones a este documento.");
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        onConnection(ws, result.room, result.access);
      } catch (error) {
        logger.error({ err: error }, "collab: connection setup failed");
        ws.terminate();
      }
    });
  }

  return {
    handleUpgrade(req, socket, head) {
      // Until ws takes the socket over, an error on it (client gone) must not become an
      // unhandled 'error' event.
      const onSocketError = (error: Error) => logger.debug({ err: error }, "collab: upgrade socket error");
      socket.on("error", onSocketError);
      upgrade(req, socket, head)
        .catch((error: unknown) => {
          logger.error({ err: error, url: req.url }, "collab: upgrade failed");
          refuse(socket, 500, "Error interno.");
        })
        .finally(() => socket.off("error", onSocketError));
    },

    close() {
      closing ??= (async () => {
        clearInterval(heartbeat);
        for (const stop of unsubscribe) stop();
        for (const conn of connections) conn.close(CLOSE.SHUTTING_DOWN);
        await Promise.all([...rooms.values()].map((room) => room.unload()));
        const open = [...connections].map((conn) => conn.closedPromise);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.all(open),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, tuning.shutdownGraceMs))),
        ]);
        clearTimeout(timer);
        for (const conn of connections) conn.ws.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await bus.close();
      })();
      return closing;
    },

    stats() {
      return { rooms: rooms.size, connections: connections.size };
    },
  };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Answers an upgrade request with a plain HTTP error instead of a WebSocket. */
function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const body = Buffer.from(message, "utf8");
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      "Connection: close\r\n" +
      "Content-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${body.length}\r\n\r\n` +
      message,
  );
}
