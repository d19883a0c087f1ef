import type { Logger } from "pino";
import type * as Y from "yjs";
import type { AppBus } from "../../app/bus.ts";
import type { RoomRef } from "../../app/collab/protocol.ts";
import type { SessionUser } from "../../app/utils/session.server.ts";
import type { Connection } from "./connection.ts";
import type { CollabTuning } from "./tuning.ts";

// A kind of room is an extension of the transport, in the spirit of Hocuspocus: the room (room.ts)
// knows how to load, store, relay and unload a Yjs document, and nothing about what the document is
// for; what differs between a commitment draft and a forum session's minutes (who may write, what
// happens when a room loads, changes and is stored) is an extension, one per kind, registered with
// the collaboration server (index.ts). Its hooks are called in this order:
//
//   loadResource / onAuthenticate   at the upgrade (refuse: null resource → 404) and at every
//                                   permission re-check, for every connection of the room
//   onLoad                          before the stored state is read (e.g. seed a new room)
//   afterLoad                       the stored state is in the document; nobody is served yet
//   onChange                        after stored updates were applied (clients' or the server's)
//   onDisconnect                    a connection left
//   onStore                         unloading: every accepted update is stored; before compaction
//   onUnload                        the room is gone (free what forRoom set up)
//
// A hook that throws in onLoad/afterLoad fails the load (clients are closed with INTERNAL_ERROR and
// reconnect); in the other hooks a failure is logged and the room goes on.

/** What a loaded room offers its kind's hooks. */
export type RoomContext = {
  ref: RoomRef;
  doc: Y.Doc;
  logger: Logger;
  tuning: CollabTuning;
  /** The process's event bus (server-authored changes and access changes travel on it). */
  events: AppBus;
  /** Resolves once every update the room accepted so far is stored and applied. */
  settled(): Promise<void>;
  /** Whether the room still serves (false once it has started unloading). */
  serving(): boolean;
};

/** The hooks of one loaded room (the state a kind keeps per room lives in their closure). */
export type RoomHooks = {
  onLoad?(): Promise<void>;
  afterLoad?(): Promise<void>;
  /** `count` stored updates were applied (at least 1). */
  onChange?(count: number): void;
  onDisconnect?(conn: Connection): void;
  onStore?(): Promise<void>;
  onUnload?(): void;
};

export type RoomExtension<Resource = unknown> = {
  /** The first part of the room's name: `<kind>/<id>`. */
  kind: string;
  /** The resource behind a room, as much as the access rule needs; null when it does not exist. */
  loadResource(id: string): Promise<Resource | null>;
  /** Whether `user` (null: anonymous) may write. Everyone with our Origin may read. */
  onAuthenticate(resource: Resource, user: SessionUser | null): boolean;
  /** The hooks of one loaded room; a kind without lifecycle hooks leaves this out. */
  forRoom?(context: RoomContext): RoomHooks;
};

/** Builds a typed extension (the registry holds them as RoomExtension<unknown>). */
export function defineRoomExtension<Resource>(extension: RoomExtension<Resource>): RoomExtension {
  return extension as RoomExtension;
}
