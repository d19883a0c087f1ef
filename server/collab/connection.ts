import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import type { Logger } from "pino";
import { WebSocket } from "ws";
import type { RoomRef } from "../../app/collab/protocol.ts";
import type { Access } from "./authenticate.ts";

/** A close code and its reason (see CLOSE in app/collab/protocol.ts). */
export type CloseSignal = { code: number; reason: string };

/** Options of every frame sent (one object, not one per send). */
const BINARY = { binary: true } as const;

/** How long a closing socket may take to finish the close handshake before it is cut. */
const CLOSE_GRACE_MS = 2000;

/** One client socket in one room. */
export class Connection {
  readonly id = randomUUID();
  /** Awareness client ids this connection speaks for (claimed by its first awareness update). */
  readonly awarenessClientIds = new Set<number>();
  /** Awareness client ids the server has sent to this connection: entries for them are echoes. */
  readonly sentClientIds = new Set<number>();
  /** Messages received before the room finished loading; null once the connection has started. */
  inbox: Uint8Array[] | null = [];
  /** Bytes of this connection's updates waiting in the room's write queue. */
  pendingBytes = 0;
  /**
   * The client holds the document in an older shape (see Room.holdsOlderShape): it gets nothing
   * more from the room, its edits are converted, and it is closed with RELOAD.
   */
  olderShape = false;
  /** Set by the heartbeat, cleared by each pong. */
  alive = true;
  closing = false;
  closed = false;
  readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor(
    readonly ws: WebSocket,
    readonly room: RoomRef,
    public access: Access,
    private readonly logger: Logger,
    private readonly maxBufferedBytes: number,
  ) {
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  get started(): boolean {
    return this.inbox === null;
  }

  /**
   * Holds this socket's writes until `uncork`, so that every frame of one relay round leaves in a
   * single write (one system call) instead of one per frame. `ws` has no public cork; its socket
   * is a net.Socket, whose cork/uncork nest (ws corks around each frame itself).
   */
  cork(): boolean {
    const socket = (this.ws as unknown as { _socket?: Partial<Writable> })._socket;
    if (!socket || typeof socket.cork !== "function" || typeof socket.uncork !== "function") return false;
    socket.cork();
    return true;
  }

  uncork(): void {
    (this.ws as unknown as { _socket?: Writable })._socket?.uncork();
  }

  /** Sends a frame if the socket is open; a client that cannot keep up is disconnected. */
  send(data: Uint8Array): void {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      this.logger.warn({ room: this.room.name, connection: this.id }, "collab: client too slow; disconnecting");
      this.ws.terminate();
      return;
    }
    // No callback: a failed write errors the socket, which closes it (see the 'close' handler).
    this.ws.send(data, BINARY);
  }

  /** Sends an awareness frame that carries the states of `clientIds`. */
  sendAwareness(data: Uint8Array, clientIds: Iterable<number>): void {
    for (const clientId of clientIds) this.sentClientIds.add(clientId);
    this.send(data);
  }

  /** Closes with a code and reason; the socket is cut if the client does not answer in time. */
  close(signal: CloseSignal): void {
    if (this.closing) return;
    this.closing = true;
    this.access = { ...this.access, readWrite: false };
    try {
      this.ws.close(signal.code, signal.reason);
    } catch (error) {
      this.logger.debug({ err: error, connection: this.id }, "collab: close failed");
      this.ws.terminate();
    }
    const timer = setTimeout(() => {
      if (!this.closed) this.ws.terminate();
    }, CLOSE_GRACE_MS);
    timer.unref();
  }

  /** Called once the socket's 'close' event fired. */
  markClosed(): void {
    this.closing = true;
    this.closed = true;
    this.resolveClosed();
  }
}
