import { singleton } from "../../app/utils/singleton.server.ts";

// The seam between code that changes a room from outside the collaboration server (route actions
// in the Remix bundle: restoring a version, changing a commitment's status; the seeding of a new
// room) and the rooms loaded in this process.
//
// The Remix bundle and the server code import this module from two module graphs; `singleton`
// makes both see the same hub. Nothing but plain data crosses it (room names, bytes, ids), never a
// Y.Doc, so the two copies of the module need not share classes.
//
// Contract:
// - A server-authored update is stored first (a CollabUpdate row, with CollabAuthor rows for the
//   client ids it introduces; see storeServerUpdate in authors.ts), then announced here. A room
//   loaded in this process applies it and relays it to its connections like any client's update;
//   a room that is not loaded reads it from the database when it next loads. Announcing twice,
//   or announcing a row a loading room also reads, is harmless: Yjs updates are idempotent.
// - `accessChanged` asks the rooms to re-check their connections' permissions now (instead of at
//   their next periodic re-check) and resolves once every update they accepted before the change
//   has been stored, so that a version taken right after it includes them.
// - `versionCreated` tells the rooms that a version was taken (their automatic-version counter
//   restarts).
//
// With several processes, this is the part that moves to Redis (or LISTEN/NOTIFY) next to the
// RoomBus: the rows are already in the shared database, only the announcements must travel.

/** A stored, server-authored update (a row of CollabUpdate). */
export type StoredServerUpdate = {
  room: string;
  /** The CollabUpdate row id. */
  id: number;
  data: Uint8Array;
  userId: string | null;
  /** The Yjs client ids whose structs the update carries (already recorded in CollabAuthor). */
  clientIds: number[];
};

/** What a loaded room offers to the hub (implemented by Room). */
export interface HubRoom {
  applyServerUpdate(update: StoredServerUpdate): void;
  accessChanged(): Promise<void>;
  versionCreated(): void;
}

export class CollabHub {
  private readonly rooms = new Map<string, Set<HubRoom>>();

  /** Registers a room instance; returns the function that unregisters it. */
  register(name: string, room: HubRoom): () => void {
    let set = this.rooms.get(name);
    if (!set) {
      set = new Set();
      this.rooms.set(name, set);
    }
    set.add(room);
    return () => {
      const current = this.rooms.get(name);
      if (!current) return;
      current.delete(room);
      if (current.size === 0) this.rooms.delete(name);
    };
  }

  /** Whether a room is loaded in this process (in one or more collaboration servers). */
  isLoaded(name: string): boolean {
    return (this.rooms.get(name)?.size ?? 0) > 0;
  }

  /** Announces a stored server-authored update to the loaded instances of its room. */
  storedUpdate(update: StoredServerUpdate): void {
    for (const room of [...(this.rooms.get(update.room) ?? [])]) {
      try {
        room.applyServerUpdate(update);
      } catch {
        // A room that fails resets itself from storage (see Room.applyServerUpdate).
      }
    }
  }

  /** Re-checks every connection of the room now; resolves once their accepted updates are stored. */
  async accessChanged(name: string): Promise<void> {
    await Promise.allSettled([...(this.rooms.get(name) ?? [])].map((room) => room.accessChanged()));
  }

  versionCreated(name: string): void {
    for (const room of [...(this.rooms.get(name) ?? [])]) room.versionCreated();
  }
}

/** The process-wide hub, shared by the Remix bundle and the server. */
export const collabHub: CollabHub = singleton("collab-hub", () => new CollabHub());
