import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { AppTopics, StoredServerUpdate } from "../../app/bus.ts";

/** How a topic's messages travel between nodes. `decode` throws on anything malformed. */
export type Codec<M> = { encode(message: M): Uint8Array; decode(bytes: Uint8Array): M };

export type Codecs<T> = { [K in keyof T]: Codec<T[K]> };

/** Plain JSON, for messages of strings, numbers, booleans, arrays and objects. */
export function jsonCodec<M>(check: (value: unknown) => value is M): Codec<M> {
  return {
    encode: (message) => new TextEncoder().encode(JSON.stringify(message)),
    decode: (bytes) => {
      const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
      if (!check(value)) throw new Error("bus: message of an unexpected shape");
      return value;
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const hasRoom = (value: unknown): value is { room: string } => isObject(value) && typeof value.room === "string";

/** A stored server update carries bytes: binary, with lib0's encoding. */
const storedUpdateCodec: Codec<StoredServerUpdate> = {
  encode(update) {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, update.room);
    encoding.writeVarUint(encoder, update.id);
    encoding.writeVarString(encoder, update.userId ?? "");
    encoding.writeVarUint(encoder, update.clientIds.length);
    for (const clientId of update.clientIds) encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint8Array(encoder, update.data);
    return encoding.toUint8Array(encoder);
  },
  decode(bytes) {
    const decoder = decoding.createDecoder(bytes);
    const room = decoding.readVarString(decoder);
    const id = decoding.readVarUint(decoder);
    const userId = decoding.readVarString(decoder) || null;
    const count = decoding.readVarUint(decoder);
    if (count > 100_000) throw new Error("bus: too many client ids");
    const clientIds: number[] = [];
    for (let i = 0; i < count; i += 1) clientIds.push(decoding.readVarUint(decoder));
    const data = decoding.readVarUint8Array(decoder);
    return { room, id, userId, clientIds, data };
  },
};

/** The codecs of the application's topics. */
export const appCodecs: Codecs<AppTopics> = {
  activity: jsonCodec((value): value is AppTopics["activity"] => isObject(value) && typeof value.id === "string"),
  live: jsonCodec(
    (value): value is AppTopics["live"] =>
      isObject(value) && typeof value.room === "string" && typeof value.type === "string",
  ),
  "sessions.ended": jsonCodec(
    (value): value is AppTopics["sessions.ended"] =>
      isObject(value) &&
      typeof value.userId === "string" &&
      (value.sessionIds === "all" ||
        (Array.isArray(value.sessionIds) && value.sessionIds.every((id) => typeof id === "string"))),
  ),
  "collab.access": jsonCodec(hasRoom),
  "collab.update": storedUpdateCodec,
  "collab.version": jsonCodec(hasRoom),
};
