import type { Logger } from "pino";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import type { AppBus, StoredServerUpdate } from "../../app/bus.ts";
import { CLOSE, type RoomRef } from "../../app/collab/protocol.ts";
import { isStorageFull } from "../../app/utils/db.server.ts";
import { validateSessionTokens, type SessionUser } from "../../app/utils/session.server.ts";
import { accessFor } from "./authenticate.ts";
import { loadOwners, type Owner } from "../../app/drafting/authors.server.ts";
import { checkOwnership, newStructClientIds } from "./ownership.ts";
import { AwarenessRelay, sameUser, sanitizeAwarenessUpdate, type AwarenessOwners } from "./awareness.ts";
import type { BusMessage, RoomBus } from "./bus.ts";
import { discardUpdate, isRedundant, parseUpdate } from "./change.ts";
import type { CloseSignal, Connection } from "./connection.ts";
import type { RoomExtension, RoomHooks } from "./extension.ts";
import { loadDocument } from "../../app/drafting/stored-state.server.ts";
import {
  decodeMessage,
  decodeStateVector,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MalformedMessage,
} from "./messages.ts";
import { compactRoom } from "../../app/drafting/compaction.server.ts";
import {
  buildsOnReplacedValues,
  changeBy,
  findOldShapeWrites,
  replayOldShapeWrites,
  shapeMarker,
  withoutStructs,
} from "../../app/drafting/shape.ts";
import type { CollabTuning } from "./tuning.ts";
import type { CollabStorage } from "../../app/drafting/storage.server.ts";

/** Origin of changes that came over the bus from another process (never re-published). */
const BUS_ORIGIN = Symbol("collab-bus");
/** Origin of server-authored updates announced on the event bus (seed, restore, minutes). */
const SERVER_ORIGIN = Symbol("collab-server");
/** How long a client holding an older document shape may take to send its edits before RELOAD. */
const OLDER_SHAPE_GRACE_MS = 5_000;

type PendingUpdate = {
  conn: Connection;
  update: Uint8Array<ArrayBuffer>;
  /** The client ids the update's new structs use (owned by the connection's user). */
  clientIds: number[];
};

export type RoomDeps = {
  /** What this kind of room adds: access rule and lifecycle hooks (see extension.ts). */
  extension: RoomExtension;
  /** The process's event bus, for the extension's hooks. */
  events: AppBus;
  bus: RoomBus;
  /** Where updates are stored (before they are applied and relayed) and compacted. */
  storage: CollabStorage;
  logger: Logger;
  tuning: CollabTuning;
  instanceId: string;
  /** Called once the room has unloaded, to drop it from the registry. */
  onUnloaded: (room: Room) => void;
};

/**
 * One shared document in memory: its Y.Doc and awareness, the connections in it, the write queue,
 * compaction and unloading. Lifecycle: loading → ready → unloading → unloaded; a room never comes
 * back from unloading (the registry makes a new one after the old one has finished).
 */
export class Room {
  state: "loading" | "ready" | "unloading" | "unloaded" = "loading";
  readonly doc = new Y.Doc();
  readonly awareness: Awareness;
  readonly connections = new Set<Connection>();
  readonly awarenessOwners: AwarenessOwners = new Map();
  /** Resolves when loading has finished: true if the room serves, false if it failed or closed. */
  readonly ready: Promise<boolean>;

  private readonly logger: Logger;
  private readonly unsubscribe: () => void;
  private pending: PendingUpdate[] = [];
  private pendingBytes = 0;
  private flushing: Promise<void> | null = null;
  /** Starts the flush that `flushing` waits for; set from enqueue until the turn starts it. */
  private startFlush: (() => void) | null = null;
  private turnScheduled = false;
  private lastTurnAt = -Infinity;
  /** Update frames (encoded once) to relay at the end of this turn, with the connection each came from. */
  private outUpdates: { frame: Buffer; origin: string | null }[] = [];
  /** Awareness client ids changed in this turn, with the connection each change came from. */
  private outAwareness = new Map<number, string | null>();
  /** Estimated size of the encoded document: never below the real one (see checkSize). */
  private byteSize = 0;
  private appliedBytes = 0;
  private updatesSinceCompaction = 0;
  private compacting: Promise<void> | null = null;
  private compactAgain = false;
  private compactTimer: NodeJS.Timeout | null = null;
  private lastCompactionAt = -Infinity;
  private unloadTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private rechecking: Promise<void> | null = null;
  private recheckAgain: Promise<void> | null = null;
  private unloading: Promise<void> | null = null;
  /** Who owns each client id of the room (attribution and the impersonation check). */
  private owners = new Map<number, Owner>();
  /** Client ids whose CollabAuthor row is known to be stored. */
  private readonly recorded = new Set<number>();
  /** Server-authored updates announced while the room was loading. */
  private earlyServerUpdates: StoredServerUpdate[] = [];
  /** The hooks of this room's kind (extension.ts). */
  private readonly hooks: RoomHooks;

  constructor(
    readonly ref: RoomRef,
    private readonly deps: RoomDeps,
  ) {
    this.logger = deps.logger.child({ room: ref.name });
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on("update", this.onAwarenessChange);
    this.unsubscribe = deps.bus.subscribe(ref.name, this.onBusMessage);
    this.hooks =
      deps.extension.forRoom?.({
        ref,
        doc: this.doc,
        logger: this.logger,
        tuning: deps.tuning,
        events: deps.events,
        settled: async () => {
          while (this.flushing) await this.flushing;
        },
        serving: () => this.state === "loading" || this.state === "ready",
      }) ?? {};
    this.ready = this.load();
  }

  get name(): string {
    return this.ref.name;
  }

  // ---- load ------------------------------------------------------------------------------------

  private async load(): Promise<boolean> {
    try {
      await this.hooks.onLoad?.();
      const stored = await loadDocument(this.name, this.doc, this.logger, this.deps.storage);
      this.owners = await loadOwners(this.name);
      for (const clientId of this.owners.keys()) this.recorded.add(clientId);
      await this.hooks.afterLoad?.();
      if (this.state !== "loading") return false;
      this.byteSize = stored.bytes;
      this.updatesSinceCompaction = stored.updatesAfterSnapshot;
      this.state = "ready";
      for (const update of this.earlyServerUpdates.splice(0)) {
        if (update.id > stored.lastId) this.applyServerUpdate(update);
      }
      if (this.updatesSinceCompaction >= this.deps.tuning.compactEvery) this.scheduleCompaction();
      this.recheckTimer = setInterval(() => {
        if (!this.rechecking) void this.recheck();
      }, this.deps.tuning.recheckIntervalMs);
      this.recheckTimer.unref();
      for (const conn of [...this.connections]) this.start(conn);
      if (this.connections.size === 0) this.scheduleUnload();
      return true;
    } catch (error) {
      this.logger.error({ err: error }, "collab: loading the room failed");
      this.closeAll(CLOSE.INTERNAL_ERROR);
      void this.unload();
      return false;
    }
  }

  // ---- connections -----------------------------------------------------------------------------

  /** Adds a connection; it is served as soon as the room has loaded. */
  add(conn: Connection): void {
    this.cancelUnload();
    this.connections.add(conn);
    if (this.state === "ready") this.start(conn);
  }

  /**
   * First messages to a connection: our state vector (editors only) and who is here, except the
   * presence of the same user's other sockets (so that a reconnecting client's own id does not
   * count as an echo for it; see awareness.ts).
   */
  private start(conn: Connection): void {
    if (conn.started || conn.closing) return;
    const inbox = conn.inbox ?? [];
    conn.inbox = null;
    if (conn.access.readWrite) conn.send(encodeSyncStep1(this.doc));
    const clients = [...this.awareness.getStates().keys()].filter((clientId) => {
      const owner = this.awarenessOwners.get(clientId)?.conn;
      return !(owner && (owner.closing || sameUser(owner, conn)));
    });
    if (clients.length > 0) {
      conn.sendAwareness(encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, clients)), clients);
    }
    for (const data of inbox) this.receive(conn, data);
  }

  /** Handles one frame from a connection (already copied into memory the room owns). */
  receive(conn: Connection, data: Uint8Array): void {
    if (conn.closing) return;
    if (!conn.started) {
      conn.inbox!.push(data);
      if (conn.inbox!.length > this.deps.tuning.maxInboxMessages) conn.close(CLOSE.OVERLOADED);
      return;
    }
    try {
      this.handle(conn, data);
    } catch (error) {
      if (error instanceof MalformedMessage) {
        this.logger.info({ connection: conn.id, reason: error.message }, "collab: malformed message; closing");
        conn.close(CLOSE.MALFORMED_MESSAGE);
      } else {
        this.logger.error({ err: error, connection: conn.id }, "collab: message handling failed");
        conn.close(CLOSE.INTERNAL_ERROR);
      }
    }
  }

  private handle(conn: Connection, data: Uint8Array): void {
    const message = decodeMessage(data);
    switch (message.type) {
      case "sync-step1": {
        const stateVector = decodeStateVector(message.stateVector);
        if (conn.olderShape) return;
        if (this.holdsOlderShape(stateVector)) {
          this.holdOlderShape(conn);
          return;
        }
        conn.send(encodeSyncStep2(this.doc, message.stateVector));
        return;
      }
      case "sync-update": {
        // Read-only clients receive everything and write nothing: their step 2 and updates are
        // dropped here (after the same strict parsing), never stored, applied or relayed.
        const decoded = parseUpdate(message.update);
        if (!conn.access.readWrite) return;
        // An old-shape copy's edits (cheap to rule out: see buildsOnReplacedValues).
        const older = conn.olderShape || buildsOnReplacedValues(this.doc, decoded.structs);
        if (isRedundant(this.doc, decoded)) {
          if (conn.olderShape) this.closeOnceStored(conn);
          return;
        }
        // Impersonation: new structs written with a client id someone else owns (throws).
        const clientIds = newStructClientIds(this.doc, decoded);
        const unowned = checkOwnership(this.owners, clientIds, conn.access.user?.id ?? null);
        if (older) this.convertOlderShape(conn, message.update.slice(), clientIds, unowned);
        else this.enqueue(conn, message.update.slice(), clientIds, unowned);
        return;
      }
      case "awareness": {
        if (conn.olderShape) return;
        const update = sanitizeAwarenessUpdate(message.update, conn, this.awarenessOwners, this.awareness, {
          maxStateBytes: this.deps.tuning.maxAwarenessStateBytes,
          maxClientsPerConnection: this.deps.tuning.maxAwarenessClientsPerConnection,
        });
        if (update) applyAwarenessUpdate(this.awareness, update, conn);
        return;
      }
      case "query-awareness": {
        if (conn.olderShape) return;
        const clients = [...this.awareness.getStates().keys()];
        conn.sendAwareness(encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, clients)), clients);
        return;
      }
    }
  }

  // ---- older document shapes (decision 020) -----------------------------------------------------

  /**
   * Whether a client's state vector shows a copy of this document from before its shape changed:
   * it holds structs the room knows (so it is not a new, empty client, nor a stranger's random
   * state vector) but not the item that says the document is in the current shape.
   */
  private holdsOlderShape(stateVector: ReadonlyMap<number, number>): boolean {
    if (stateVector.size === 0) return false;
    const marker = shapeMarker(this.doc);
    if (!marker || (stateVector.get(marker.client) ?? 0) > marker.clock) return false;
    for (const [client, clock] of stateVector) {
      if (clock > 0 && Y.getState(this.doc.store, client) > 0) return true;
    }
    return false;
  }

  /**
   * A client holding an older shape: it gets no sync answer and no relays (nothing of the new shape
   * reaches its copy); an editor's answer to our sync step 1 (its edits) is converted and stored,
   * then it is closed with RELOAD. A reader is closed at once.
   */
  private holdOlderShape(conn: Connection): void {
    conn.olderShape = true;
    this.logger.info(
      { connection: conn.id, readWrite: conn.access.readWrite },
      "collab: client holds an older document shape; it will be asked to reload",
    );
    if (!conn.access.readWrite) {
      conn.close(CLOSE.RELOAD);
      return;
    }
    const timer = setTimeout(() => this.closeOnceStored(conn), OLDER_SHAPE_GRACE_MS);
    timer.unref();
  }

  /**
   * Stores an update from an old-shape copy: its plain-string writes at text keys are cut out
   * (withoutStructs) and replayed as Y.Text edits merged with the text as it is now, written by a
   * fresh client id of the sender's (so the converted words stay theirs). Both are stored in the
   * same batch; then the client is asked to reload.
   */
  private convertOlderShape(
    conn: Connection,
    update: Uint8Array<ArrayBuffer>,
    clientIds: number[],
    unowned: readonly number[],
  ): void {
    const writes = findOldShapeWrites(this.doc, update, conn.olderShape);
    if (writes.length === 0) {
      this.enqueue(conn, update, clientIds, unowned);
      if (conn.olderShape) this.closeOnceStored(conn);
      return;
    }
    // The writes' structs are cut out, and so are the deletions they caused in the sender's copy
    // (a string that won there deleted the key's Y.Text, with everyone's characters in it).
    const kept = new Uint8Array(
      withoutStructs(
        update,
        writes.flatMap((write) => write.ids),
        writes.flatMap((write) => write.undeleted),
      ),
    );
    const copy = new Y.Doc();
    let conversion: Uint8Array | null;
    let clientId: number;
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
      Y.applyUpdate(copy, kept);
      do clientId = Math.floor(Math.random() * 0xffffffff) >>> 0;
      while (clientId === 0 || this.owners.has(clientId) || Y.getState(copy.store, clientId) > 0);
      conversion = changeBy(copy, clientId, () => replayOldShapeWrites(copy, writes));
    } finally {
      copy.destroy();
    }
    this.logger.info(
      { connection: conn.id, writes: writes.length },
      "collab: converted an older-shape update's text writes into text edits",
    );
    this.enqueue(conn, kept, clientIds, unowned);
    if (conversion && !conn.closing) this.enqueue(conn, new Uint8Array(conversion), [clientId], [clientId]);
    this.closeOnceStored(conn);
  }

  /** Closes a connection with RELOAD once everything queued so far is stored (its edits are safe). */
  private closeOnceStored(conn: Connection): void {
    conn.olderShape = true;
    void (async () => {
      while (this.flushing) await this.flushing;
      conn.close(CLOSE.RELOAD);
    })();
  }

  closeAll(signal: CloseSignal): void {
    for (const conn of [...this.connections]) conn.close(signal);
  }

  // ---- change: the write queue -----------------------------------------------------------------

  private enqueue(
    conn: Connection,
    update: Uint8Array<ArrayBuffer>,
    clientIds: number[],
    unowned: readonly number[],
  ): void {
    const { tuning } = this.deps;
    if (!this.checkSize(update.length)) {
      this.logger.warn({ connection: conn.id, bytes: this.byteSize }, "collab: document too large; update refused");
      conn.close(CLOSE.DOCUMENT_TOO_LARGE);
      return;
    }
    if (conn.pendingBytes + update.length > tuning.maxPendingBytesPerConnection) {
      conn.close(CLOSE.OVERLOADED);
      return;
    }
    // Claimed now, in arrival order (the order they are stored in): first writer wins.
    const owner: Owner = {
      userId: conn.access.user?.id ?? null,
      sector: conn.access.user?.memberships[0]?.sector ?? null,
    };
    for (const clientId of unowned) this.owners.set(clientId, owner);
    conn.pendingBytes += update.length;
    this.pendingBytes += update.length;
    this.pending.push({ conn, update, clientIds });
    // Group commit: the flush starts at the end of this turn of the event loop (see turn), once
    // the other sockets that were readable in it have been handled, so that what arrived together
    // is stored in one transaction and relayed in one write per socket.
    this.flushing ??= new Promise<void>((resolve) => (this.startFlush = resolve))
      .then(() => this.flush())
      .catch((error: unknown) => this.logger.error({ err: error }, "collab: write queue failed"))
      .finally(() => {
        this.flushing = null;
        this.drain();
      });
    this.scheduleTurn();
  }

  /**
   * Whether the document may grow by `extra` bytes. The running estimate (stored size plus every
   * update since) only grows; when it says no, the real size is measured before refusing.
   */
  private checkSize(extra: number): boolean {
    const limit = this.deps.tuning.maxDocumentBytes;
    if (this.byteSize + this.pendingBytes + extra <= limit) return true;
    this.byteSize = Y.encodeStateAsUpdate(this.doc).length;
    return this.byteSize + this.pendingBytes + extra <= limit;
  }

  /** Stores queued updates in batches, then applies and publishes each, in arrival order. */
  private async flush(): Promise<void> {
    while (this.pending.length > 0 && (this.state === "ready" || this.state === "unloading")) {
      const batch = this.pending.splice(0, this.deps.tuning.maxBatch);
      let ids: number[];
      try {
        ids = await this.deps.storage.append(
          this.name,
          batch.map(({ conn, update, clientIds }) => ({
            data: update,
            userId: conn.access.user?.id ?? null,
            sector: conn.access.user?.memberships[0]?.sector ?? null,
            newClientIds: clientIds.filter((clientId) => !this.recorded.has(clientId)),
          })),
        );
        for (const item of batch) for (const clientId of item.clientIds) this.recorded.add(clientId);
      } catch (error) {
        // Not stored, so not applied: the authors reconnect and their sync step 2 sends it again.
        // A full disk is an operations problem with its own close code, so the editor can say so.
        const full = isStorageFull(error);
        this.logger.error(
          { err: error },
          full ? "collab: storing updates failed: disk full" : "collab: storing updates failed",
        );
        for (const item of batch) this.settle(item);
        for (const item of batch) item.conn.close(full ? CLOSE.STORAGE_FULL : CLOSE.INTERNAL_ERROR);
        continue;
      }
      let applied = 0;
      for (let i = 0; i < batch.length; i++) {
        const item = batch[i]!;
        this.settle(item);
        try {
          Y.applyUpdate(this.doc, item.update, item.conn);
        } catch (error) {
          this.logger.error({ err: error, updateId: ids[i] }, "collab: stored update does not apply; resetting room");
          if (applied > 0) this.afterChange(applied);
          await discardUpdate(ids[i]!).catch((err: unknown) =>
            this.logger.error({ err, updateId: ids[i] }, "collab: could not discard the update"),
          );
          this.drain();
          this.reset();
          return;
        }
        applied++;
        this.byteSize += item.update.length;
        this.appliedBytes += item.update.length;
        this.updatesSinceCompaction++;
        this.deps.bus.publish(this.name, {
          kind: "update",
          data: item.update,
          origin: item.conn.id,
          instance: this.deps.instanceId,
        });
      }
      this.drain();
      this.afterChange(applied);
      if (this.updatesSinceCompaction >= this.deps.tuning.compactEvery) this.scheduleCompaction();
    }
  }

  private settle(item: PendingUpdate): void {
    item.conn.pendingBytes -= item.update.length;
    this.pendingBytes -= item.update.length;
  }

  /** After an internal error: everyone reconnects to a fresh copy loaded from storage. */
  private reset(): void {
    for (const item of this.pending) this.settle(item);
    this.pending = [];
    this.closeAll(CLOSE.INTERNAL_ERROR);
    void this.unload();
  }

  // ---- server-authored updates (the event bus's collab.update) ---------------------------------------------------------

  /**
   * Applies and relays an update the server stored on someone's behalf (a restore) or its own (the
   * seed). While loading, it waits for the load (which may already include it); while unloading,
   * it is still applied, so the last projection does not write older content over it.
   */
  applyServerUpdate(update: StoredServerUpdate): void {
    if (this.state === "loading") {
      this.earlyServerUpdates.push(update);
      return;
    }
    if (this.state !== "ready" && this.state !== "unloading") return;
    for (const clientId of update.clientIds) {
      if (!this.owners.has(clientId)) this.owners.set(clientId, { userId: update.userId, sector: null });
      this.recorded.add(clientId);
    }
    try {
      Y.applyUpdate(this.doc, update.data, SERVER_ORIGIN);
    } catch (error) {
      this.logger.error({ err: error, updateId: update.id }, "collab: server update does not apply; resetting room");
      this.reset();
      return;
    }
    this.byteSize += update.data.length;
    this.appliedBytes += update.data.length;
    this.updatesSinceCompaction++;
    // Every node hears of the update on the event bus and applies it to its own copy, so each
    // relays it to its own connections only (not over the room bus).
    const frame = encodeSyncUpdate(update.data);
    this.outUpdates.push({ frame: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength), origin: null });
    this.scheduleTurn();
    this.afterChange();
    if (this.state === "ready" && this.updatesSinceCompaction >= this.deps.tuning.compactEvery) {
      this.scheduleCompaction();
    }
  }

  /**
   * The resource's permissions changed (a status change): re-check every connection now, then wait
   * until the updates accepted before that are stored.
   */
  async accessChanged(): Promise<void> {
    if (!(await this.ready) || this.state !== "ready") return;
    await this.recheck();
    while (this.flushing) await this.flushing;
  }

  // ---- the kind's hooks ---------------------------------------------------------------------------

  /** After stored updates were applied (`count` of them, once per batch). */
  private afterChange(count = 1): void {
    if (count === 0 || !this.hooks.onChange) return;
    try {
      this.hooks.onChange(count);
    } catch (error) {
      this.logger.error({ err: error }, "collab: onChange hook failed");
    }
  }

  /** A connection left the room (disconnect.ts). */
  disconnected(conn: Connection): void {
    if (!this.hooks.onDisconnect) return;
    try {
      this.hooks.onDisconnect(conn);
    } catch (error) {
      this.logger.error({ err: error }, "collab: onDisconnect hook failed");
    }
  }

  // ---- fan-out ---------------------------------------------------------------------------------

  private readonly onAwarenessChange = (
    change: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin === BUS_ORIGIN) return;
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (changed.length === 0) return;
    this.deps.bus.publish(this.name, {
      kind: "awareness",
      data: encodeAwarenessUpdate(this.awareness, changed),
      clients: changed,
      origin: origin && typeof origin === "object" && "id" in origin ? String(origin.id) : null,
      instance: this.deps.instanceId,
    });
  };

  private readonly onBusMessage = (message: BusMessage): void => {
    if (this.state === "unloaded") return;
    const remote = message.instance !== this.deps.instanceId;
    if (message.kind === "update") {
      if (remote) {
        try {
          Y.applyUpdate(this.doc, message.data, BUS_ORIGIN);
          this.byteSize += message.data.length;
          this.appliedBytes += message.data.length;
        } catch (error) {
          this.logger.error({ err: error }, "collab: update from the bus does not apply; resetting room");
          this.reset();
          return;
        }
      }
      const frame = encodeSyncUpdate(message.data);
      this.outUpdates.push({
        frame: Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength),
        origin: message.origin,
      });
    } else {
      if (remote) applyAwarenessUpdate(this.awareness, message.data, BUS_ORIGIN);
      for (const clientId of message.clients) {
        // Re-inserted, so that the entries go out in the order of their latest change.
        this.outAwareness.delete(clientId);
        this.outAwareness.set(clientId, message.origin);
      }
    }
    this.scheduleTurn();
  };

  /**
   * A relay round: once per turn of the event loop (in its check phase, after the sockets that
   * were readable), and at most once per `relayIntervalMs`. It starts the flush of the updates
   * that arrived (which relays them once they are stored, with the awareness changes), or else
   * relays what is waiting.
   */
  private scheduleTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    const wait = this.lastTurnAt + this.deps.tuning.relayIntervalMs - performance.now();
    if (wait < 1) setImmediate(this.turn);
    else setTimeout(this.turn, wait);
  }

  private readonly turn = (): void => {
    this.turnScheduled = false;
    this.lastTurnAt = performance.now();
    const startFlush = this.startFlush;
    this.startFlush = null;
    // The flush runs right after this callback and relays this turn's awareness with its updates.
    if (startFlush) startFlush();
    else this.drain();
  };

  /**
   * Relays what is waiting to every started connection but its origin: the update frames (each
   * encoded once, the same Buffer for every socket), then one awareness frame with the latest
   * state of every client that changed (the same for every connection that did not cause any of
   * those changes). Each socket is corked meanwhile, so it gets all of it in one write.
   */
  private drain(): void {
    const updates = this.outUpdates;
    const changed = this.outAwareness;
    if (updates.length === 0 && changed.size === 0) return;
    this.outUpdates = [];
    this.outAwareness = new Map();
    if (this.state === "unloaded") return;
    const awareness = changed.size > 0 ? new AwarenessRelay(this.awareness, changed) : null;
    for (const conn of this.connections) {
      if (!conn.started || conn.closing || conn.olderShape) continue;
      const corked = conn.cork();
      try {
        for (const update of updates) if (update.origin !== conn.id) conn.send(update.frame);
        awareness?.sendTo(conn);
      } finally {
        if (corked) conn.uncork();
      }
    }
  }

  // ---- permissions -----------------------------------------------------------------------------

  /**
   * Re-checks every connection's access: the resource may be gone, a session may have ended, or
   * the kind's rule may now answer otherwise (a team change, a status change). A connection whose user or
   * write permission changed is closed with PERMISSIONS_CHANGED (and made read-only at once); the
   * client reconnects and gets the access it now has. Other changes (name, sector) apply quietly.
   */
  recheck(): Promise<void> {
    if (!this.rechecking) {
      this.rechecking = this.doRecheck().finally(() => (this.rechecking = null));
      return this.rechecking;
    }
    // One is running, and may have read the resource before the change: run once more after it.
    this.recheckAgain ??= this.rechecking.then(() => {
      this.recheckAgain = null;
      return this.recheck();
    });
    return this.recheckAgain;
  }

  private async doRecheck(): Promise<void> {
    if (this.state !== "ready" || this.connections.size === 0) return;
    try {
      const resource = await this.deps.extension.loadResource(this.ref.id);
      if (!resource) {
        this.closeAll(CLOSE.ROOM_NOT_FOUND);
        return;
      }
      // Every socket's session, in one query.
      const tokens: string[] = [];
      for (const conn of this.connections) if (!conn.closing && conn.access.token) tokens.push(conn.access.token);
      const sessions = await validateSessionTokens(tokens);
      for (const conn of [...this.connections]) {
        if (conn.closing) continue;
        const token = conn.access.token;
        // A socket that joined after the query is checked at the next re-check.
        if (token && !sessions.has(token)) continue;
        const user: SessionUser | null = token ? (sessions.get(token)?.user ?? null) : null;
        const next = accessFor(this.deps.extension, resource, user, token);
        if ((next.user?.id ?? null) !== (conn.access.user?.id ?? null) || next.readWrite !== conn.access.readWrite) {
          this.logger.info({ connection: conn.id, readWrite: next.readWrite }, "collab: access changed; closing");
          conn.close(CLOSE.PERMISSIONS_CHANGED);
        } else if (!conn.closing) {
          conn.access = next;
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, "collab: permission re-check failed");
    }
  }

  // ---- store: compaction -----------------------------------------------------------------------

  /**
   * Compacts now, or, when the last compaction started less than `compactMinIntervalMs` ago, once
   * that interval is over: each compaction rebuilds the whole document, so a busy room compacts by
   * time rather than after every `compactEvery` updates. Unloading always compacts.
   */
  private scheduleCompaction(): void {
    if (this.compacting) {
      this.compactAgain = true;
      return;
    }
    if (this.compactTimer) return;
    const wait = this.lastCompactionAt + this.deps.tuning.compactMinIntervalMs - performance.now();
    if (wait > 0) {
      this.compactTimer = setTimeout(() => {
        this.compactTimer = null;
        if (this.state === "ready") this.scheduleCompaction();
      }, wait);
      this.compactTimer.unref();
      return;
    }
    this.lastCompactionAt = performance.now();
    this.compacting = this.compact().finally(() => {
      this.compacting = null;
      if (this.compactAgain && this.state === "ready") {
        this.compactAgain = false;
        this.scheduleCompaction();
      }
    });
  }

  private async compact(): Promise<void> {
    const counted = this.updatesSinceCompaction;
    const appliedBefore = this.appliedBytes;
    try {
      const result = await compactRoom(this.name, this.logger, this.deps.storage);
      this.updatesSinceCompaction = Math.max(0, this.updatesSinceCompaction - counted);
      if (result) {
        this.byteSize = result.bytes + (this.appliedBytes - appliedBefore);
        this.logger.debug({ upToId: result.upToId, folded: result.folded, bytes: result.bytes }, "collab: compacted");
      }
    } catch (error) {
      this.logger.error({ err: error }, "collab: compaction failed; will retry");
    }
  }

  // ---- disconnect / unload ---------------------------------------------------------------------

  scheduleUnload(): void {
    if (this.state !== "ready" || this.connections.size > 0 || this.unloadTimer) return;
    this.unloadTimer = setTimeout(() => {
      this.unloadTimer = null;
      if (this.connections.size === 0) void this.unload();
    }, this.deps.tuning.unloadDelayMs);
    this.unloadTimer.unref();
  }

  private cancelUnload(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
  }

  /** Waits for pending writes, compacts, frees the document. Idempotent. */
  unload(): Promise<void> {
    this.unloading ??= this.doUnload();
    return this.unloading;
  }

  private async doUnload(): Promise<void> {
    this.state = "unloading";
    this.cancelUnload();
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    this.recheckTimer = null;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = null;
    try {
      await this.ready;
      while (this.flushing) await this.flushing;
      await this.hooks.onStore?.();
      while (this.compacting) await this.compacting;
      if (this.updatesSinceCompaction > 0) await this.compact();
    } catch (error) {
      this.logger.error({ err: error }, "collab: unloading failed");
    }
    this.state = "unloaded";
    try {
      this.hooks.onUnload?.();
      this.unsubscribe();
      this.awareness.off("update", this.onAwarenessChange);
      this.awareness.destroy();
      this.doc.destroy();
    } catch (error) {
      this.logger.error({ err: error }, "collab: freeing the room failed");
    }
    this.deps.onUnloaded(this);
  }
}
