import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from "../../app/collab/protocol.ts";

// Strict decoding of the y-websocket frames a client sends, and encoding of what the server sends.
// Every length is checked against the bytes actually left (lib0's readVarUint8Array does not check,
// and would read past the frame into whatever shares its ArrayBuffer), and a frame must be consumed
// exactly: trailing bytes are as malformed as missing ones.

/** Strict UTF-8 (invalid bytes throw); one instance, since making one per call is costly. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

export class MalformedMessage extends Error {
  override readonly name = "MalformedMessage";
}

export type IncomingMessage =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-update"; step: "step2" | "update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "query-awareness" };

function readVarUint(decoder: decoding.Decoder): number {
  if (decoder.pos >= decoder.arr.length) throw new MalformedMessage("unexpected end of message");
  try {
    return decoding.readVarUint(decoder);
  } catch {
    throw new MalformedMessage("bad varint");
  }
}

function readBytes(decoder: decoding.Decoder): Uint8Array {
  const length = readVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) throw new MalformedMessage("length past end of message");
  const bytes = decoder.arr.subarray(decoder.pos, decoder.pos + length);
  decoder.pos += length;
  return bytes;
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoder.pos !== decoder.arr.length) throw new MalformedMessage("trailing bytes");
}

/** Decodes one frame; throws MalformedMessage. `data` must be a copy the caller owns. */
export function decodeMessage(data: Uint8Array): IncomingMessage {
  const decoder = decoding.createDecoder(data);
  const type = readVarUint(decoder);
  switch (type) {
    case MESSAGE_SYNC: {
      const step = readVarUint(decoder);
      const payload = readBytes(decoder);
      expectEnd(decoder);
      if (step === SYNC_STEP1) return { type: "sync-step1", stateVector: payload };
      if (step === SYNC_STEP2) return { type: "sync-update", step: "step2", update: payload };
      if (step === SYNC_UPDATE) return { type: "sync-update", step: "update", update: payload };
      throw new MalformedMessage(`unknown sync message ${step}`);
    }
    case MESSAGE_AWARENESS: {
      const update = readBytes(decoder);
      expectEnd(decoder);
      return { type: "awareness", update };
    }
    case MESSAGE_QUERY_AWARENESS:
      expectEnd(decoder);
      return { type: "query-awareness" };
    case MESSAGE_AUTH:
      // The auth sub-protocol only goes from server to client; a client never sends it.
      throw new MalformedMessage("auth message from a client");
    default:
      throw new MalformedMessage(`unknown message type ${type}`);
  }
}

/** Parses a state vector (client id → clock); throws MalformedMessage. */
export function decodeStateVector(stateVector: Uint8Array): Map<number, number> {
  const decoder = decoding.createDecoder(stateVector);
  const count = readVarUint(decoder);
  const result = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const client = readVarUint(decoder);
    result.set(client, readVarUint(decoder));
  }
  expectEnd(decoder);
  return result;
}

/** Decodes a y-protocols awareness update: its entries, each state parsed; throws MalformedMessage. */
export function decodeAwarenessUpdate(
  update: Uint8Array,
  maxStateBytes: number,
): { clientId: number; clock: number; state: Record<string, unknown> | null }[] {
  const decoder = decoding.createDecoder(update);
  const count = readVarUint(decoder);
  const entries: { clientId: number; clock: number; state: Record<string, unknown> | null }[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = readVarUint(decoder);
    const clock = readVarUint(decoder);
    const json = readBytes(decoder);
    if (json.length > maxStateBytes) throw new MalformedMessage("awareness state too large");
    let state: unknown;
    try {
      state = JSON.parse(UTF8.decode(json));
    } catch {
      throw new MalformedMessage("awareness state is not JSON");
    }
    if (state !== null && (typeof state !== "object" || Array.isArray(state))) {
      throw new MalformedMessage("awareness state is not an object");
    }
    entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
  }
  expectEnd(decoder);
  return entries;
}

/** Encodes awareness entries (the inverse of decodeAwarenessUpdate). */
export function encodeAwarenessUpdate(
  entries: readonly { clientId: number; clock: number; state: Record<string, unknown> | null }[],
): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, JSON.stringify(entry.state));
    }
  });
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });
}

/** The part of the document a client with `stateVector` lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, awarenessUpdate);
  });
}
