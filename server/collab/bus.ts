// Fan-out between the connections of a room goes through a RoomBus, never directly from one socket
// to another: with the in-memory bus below, one process serves every room; a Redis (or Postgres
// LISTEN/NOTIFY) bus implementing the same three methods lets several processes serve the same
// room, each keeping its own copy of the document in sync from the messages of the others.
//
// Contract:
// - `publish` is called once per change that the publishing process has already stored (updates)
//   or accepted (awareness) and applied to its own copy.
// - Every subscriber of the room, in this process and in others, receives the message, the
//   publisher's own room included (it relays to its local connections from the subscription).
//   A subscriber applies a message to its copy only when `instance` is not its own.
// - Delivery for one room is in publish order.

/** A change to relay: a Yjs update or an awareness update (y-protocols encodings, unframed). */
export type BusMessage = (
  | { kind: "update"; data: Uint8Array }
  | { kind: "awareness"; data: Uint8Array; /** The client ids whose states `data` carries. */ clients: number[] }
) & {
  /** The connection the change came from (not sent back to it); null for server-made changes. */
  origin: string | null;
  /** The process that published it. */
  instance: string;
};

export type BusListener = (message: BusMessage) => void;

export interface RoomBus {
  publish(room: string, message: BusMessage): void;
  /** Returns the function that unsubscribes. */
  subscribe(room: string, listener: BusListener): () => void;
  close(): Promise<void>;
}

/** One process: synchronous delivery to the subscribers of the room. */
export class InMemoryRoomBus implements RoomBus {
  private readonly listeners = new Map<string, Set<BusListener>>();

  constructor(private readonly onListenerError: (error: unknown, room: string) => void = () => {}) {}

  publish(room: string, message: BusMessage): void {
    const set = this.listeners.get(room);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(message);
      } catch (error) {
        this.onListenerError(error, room);
      }
    }
  }

  subscribe(room: string, listener: BusListener): () => void {
    let set = this.listeners.get(room);
    if (!set) {
      set = new Set();
      this.listeners.set(room, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(room);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(room);
    };
  }

  /** Rooms with at least one subscriber (for tests and stats). */
  get roomCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
