import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { LocalBus, type Bus } from "../../app/bus.ts";
import type { Codec } from "../bus/codecs.ts";

// Fan-out between the connections of a room goes through a RoomBus, never directly from one socket
// to another. The RoomBus is one topic of the process's event bus (server/bus, docs/decisions/014):
// on the in-process bus one process serves every room; on the Redis bus several processes serve
// the same room, each keeping its own copy of the document in sync from the messages of the others.
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

/** The collaboration server's topic on the event bus. */
export type CollabTopics = { "collab.relay": { room: string; message: BusMessage } };

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;

/** The relay's wire format between nodes (lib0 encoding). */
export const relayCodec: Codec<CollabTopics["collab.relay"]> = {
  encode({ room, message }) {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, room);
    encoding.writeVarString(encoder, message.instance);
    encoding.writeVarString(encoder, message.origin ?? "");
    if (message.kind === "update") {
      encoding.writeUint8(encoder, KIND_UPDATE);
      encoding.writeVarUint8Array(encoder, message.data);
    } else {
      encoding.writeUint8(encoder, KIND_AWARENESS);
      encoding.writeVarUint8Array(encoder, message.data);
      encoding.writeVarUint(encoder, message.clients.length);
      for (const client of message.clients) encoding.writeVarUint(encoder, client);
    }
    return encoding.toUint8Array(encoder);
  },
  decode(bytes) {
    const decoder = decoding.createDecoder(bytes);
    const room = decoding.readVarString(decoder);
    const instance = decoding.readVarString(decoder);
    const origin = decoding.readVarString(decoder) || null;
    const kind = decoding.readUint8(decoder);
    const data = decoding.readVarUint8Array(decoder);
    if (kind === KIND_UPDATE) return { room, message: { kind: "update", data, origin, instance } };
    if (kind !== KIND_AWARENESS) throw new Error("collab relay: unknown kind");
    const count = decoding.readVarUint(decoder);
    if (count > 100_000) throw new Error("collab relay: too many clients");
    const clients: number[] = [];
    for (let i = 0; i < count; i += 1) clients.push(decoding.readVarUint(decoder));
    return { room, message: { kind: "awareness", data, clients, origin, instance } };
  },
};

export const collabCodecs = { "collab.relay": relayCodec };

/**
 * The RoomBus on a topic of the event bus: one subscription to `collab.relay`, dispatched by room.
 * Closing it unsubscribes; the event bus itself belongs to whoever built it.
 */
export class BusRoomRelay implements RoomBus {
  private readonly listeners = new Map<string, Set<BusListener>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: Bus<CollabTopics>,
    private readonly onListenerError: (error: unknown, room: string) => void = () => {},
  ) {
    this.unsubscribe = bus.subscribe("collab.relay", ({ room, message }) => {
      const set = this.listeners.get(room);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          listener(message);
        } catch (error) {
          this.onListenerError(error, room);
        }
      }
    });
  }

  publish(room: string, message: BusMessage): void {
    this.bus.publish("collab.relay", { room, message });
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
    this.unsubscribe();
    this.listeners.clear();
  }
}

/** A RoomBus of its own within one process (a collaboration server built without an event bus). */
export class InMemoryRoomBus extends BusRoomRelay {
  private readonly own: LocalBus<CollabTopics>;

  constructor(onListenerError: (error: unknown, room: string) => void = () => {}) {
    const own = new LocalBus<CollabTopics>();
    super(own, onListenerError);
    this.own = own;
  }

  override async close(): Promise<void> {
    await super.close();
    await this.own.close();
  }
}
