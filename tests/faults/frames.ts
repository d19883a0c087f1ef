import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import {
  LIMITS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from "~/collab/protocol.ts";
import type { Random } from "./support.ts";

// Frame generators of the protocol fuzzer (protocol-fuzz.test.ts). Two kinds for each protocol:
//
// - "benign" frames are well-formed for the protocol but odd (random state vectors, awareness
//   states of unknown ids, redundant updates, updates from read-only clients, unknown socket.io
//   events, arguments of the wrong shape): the server parses them and keeps the connection, so
//   many reach the parsing paths on one socket;
// - "fatal" frames are malformed (truncated varints, lengths past the end, huge declared lengths,
//   random bytes, valid headers with garbage, text where binary is expected, oversized frames,
//   unknown message types): the server must close that connection, and only that one.
//
// Nothing sent from an editor's socket may change the document: an editor's frames are checked
// against Yjs's own decoder (`wouldStore`) and never carry an update the server would accept.

export type CollabFrame = { data: Uint8Array | string; kind: string };

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

const syncFrame = (step: number, payload: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });

const awarenessFrame = (entries: { clientId: number; clock: number; json: Uint8Array }[]) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(
      e,
      frame((u) => {
        encoding.writeVarUint(u, entries.length);
        for (const entry of entries) {
          encoding.writeVarUint(u, entry.clientId);
          encoding.writeVarUint(u, entry.clock);
          encoding.writeVarUint8Array(u, entry.json);
        }
      }),
    );
  });

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A small valid Yjs update written by a throwaway document (random client id and edits). */
export function validUpdate(random: Random): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 1 + random.int(2 ** 31);
  const edits = 1 + random.int(4);
  for (let i = 0; i < edits; i++) {
    switch (random.int(4)) {
      case 0:
        doc.getMap("fields").set(random.pick(["contactName", "leadInstitution", "x"]), random.word());
        break;
      case 1:
        doc.getText("body").insert(0, random.word());
        break;
      case 2:
        doc.getXmlFragment("prose:title").insert(0, [new Y.XmlText(random.word())]);
        break;
      default: {
        const text = doc.getText("t");
        text.insert(0, random.word() + random.word());
        text.delete(0, 1);
      }
    }
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Whether the server would accept this frame as a stored update from an editor (see change.ts). */
export function wouldStore(data: Uint8Array | string): boolean {
  if (typeof data === "string") return false;
  try {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return false;
    const step = decoding.readVarUint(decoder);
    if (step !== SYNC_STEP2 && step !== SYNC_UPDATE) return false;
    const length = decoding.readVarUint(decoder);
    if (length !== data.length - decoder.pos) return false;
    Y.decodeUpdate(data.subarray(decoder.pos));
    return true;
  } catch {
    return false;
  }
}

/** Frames that parse and keep the connection open. `readOnly`: valid updates are allowed (dropped). */
export function benignCollabFrame(random: Random, readOnly: boolean): CollabFrame {
  const choice = random.int(readOnly ? 7 : 5);
  switch (choice) {
    case 0: {
      // A state vector with random clients and clocks: the answer is the document's diff.
      const count = random.int(6);
      const sv = frame((e) => {
        encoding.writeVarUint(e, count);
        for (let i = 0; i < count; i++) {
          encoding.writeVarUint(e, random.int(2 ** 32));
          encoding.writeVarUint(e, random.int(1000));
        }
      });
      return { data: syncFrame(SYNC_STEP1, sv), kind: "sync-step1 random state vector" };
    }
    case 1:
      return { data: new Uint8Array([MESSAGE_QUERY_AWARENESS]), kind: "query-awareness" };
    case 2: {
      const entries = Array.from({ length: 1 + random.int(3) }, () => ({
        clientId: 1 + random.int(2 ** 31),
        clock: random.int(2 ** 20),
        json: utf8(
          JSON.stringify(
            random.chance(0.2)
              ? null
              : { cursor: { anchor: random.int(100) }, user: { name: "Suplantación", id: "admin" }, x: random.word() },
          ),
        ),
      }));
      return { data: awarenessFrame(entries), kind: "awareness" };
    }
    case 3:
      // Redundant: an empty update brings nothing new.
      return {
        data: syncFrame(random.chance(0.5) ? SYNC_STEP2 : SYNC_UPDATE, new Uint8Array([0, 0])),
        kind: "empty update",
      };
    case 4:
      return { data: syncFrame(SYNC_STEP1, new Uint8Array([0])), kind: "sync-step1 empty" };
    default:
      // Valid-looking updates from a read-only or anonymous client: parsed, then dropped.
      return {
        data: syncFrame(random.chance(0.5) ? SYNC_UPDATE : SYNC_STEP2, validUpdate(random)),
        kind: "read-only update",
      };
  }
}

/** Varuint bytes of a number up to 2^64 (lib0 refuses more than 53 bits). */
function bigVarUint(value: bigint): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return new Uint8Array(out);
}

const concat = (...parts: (Uint8Array | number[])[]) => {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

/** The kinds of fatal collab frames, each answered by closing the connection. */
export const FATAL_KINDS = [
  "truncated varint",
  "length past end",
  "huge declared length",
  "varint over 53 bits",
  "random bytes",
  "garbage update",
  "truncated update",
  "bit-flipped update",
  "trailing bytes",
  "unknown message type",
  "auth from client",
  "unknown sync step",
  "bad state vector",
  "awareness not JSON",
  "awareness not an object",
  "awareness invalid UTF-8",
  "awareness state too large",
  "text frame",
] as const;

/** A malformed frame; never one that would store an update (checked by the caller). */
export function fatalCollabFrame(random: Random): CollabFrame {
  const kind = random.pick(FATAL_KINDS);
  const update = () => validUpdate(random);
  switch (kind) {
    case "truncated varint":
      return {
        kind,
        data: Uint8Array.from(
          random.pick([[0x80], [MESSAGE_SYNC, 0xff], [MESSAGE_AWARENESS, 0x80, 0x80], [0xff, 0xff]]),
        ),
      };
    case "length past end":
      return {
        kind,
        data: concat([MESSAGE_SYNC, random.pick([0, 1, 2]), 10 + random.int(100)], random.bytes(random.int(9))),
      };
    case "huge declared length":
      return {
        kind,
        data: concat(
          [random.pick([MESSAGE_SYNC, MESSAGE_AWARENESS])],
          random.chance(0.5) ? [SYNC_UPDATE] : [],
          bigVarUint(BigInt(2 ** 31 + random.int(2 ** 30)) * BigInt(1 + random.int(1000))),
          random.bytes(random.int(16)),
        ),
      };
    case "varint over 53 bits":
      return { kind, data: concat([MESSAGE_SYNC], bigVarUint(2n ** 60n + BigInt(random.int(1000))), [0]) };
    case "random bytes":
      return { kind, data: random.bytes(1 + random.int(300)) };
    case "garbage update":
      return { kind, data: syncFrame(random.pick([SYNC_STEP2, SYNC_UPDATE]), random.bytes(1 + random.int(200))) };
    case "truncated update": {
      const full = update();
      return { kind, data: syncFrame(SYNC_UPDATE, full.subarray(0, Math.max(1, random.int(full.length)))) };
    }
    case "bit-flipped update": {
      const bytes = update().slice();
      for (let i = 0; i < 1 + random.int(4); i++) bytes[random.int(bytes.length)]! ^= 1 << random.int(8);
      return { kind, data: syncFrame(SYNC_UPDATE, bytes) };
    }
    case "trailing bytes":
      return { kind, data: concat(syncFrame(SYNC_STEP1, new Uint8Array([0])), random.bytes(1 + random.int(8))) };
    case "unknown message type":
      return { kind, data: concat([4 + random.int(120)], random.bytes(random.int(20))) };
    case "auth from client":
      return { kind, data: concat([MESSAGE_AUTH, 0], random.bytes(random.int(10))) };
    case "unknown sync step":
      return { kind, data: syncFrame(3 + random.int(100), random.bytes(random.int(10))) };
    case "bad state vector":
      return { kind, data: syncFrame(SYNC_STEP1, concat([5 + random.int(50)], random.bytes(random.int(6)))) };
    case "awareness not JSON":
      return {
        kind,
        data: awarenessFrame([{ clientId: 1 + random.int(1000), clock: 1, json: utf8(`{"a":${random.word()}`) }]),
      };
    case "awareness not an object":
      return {
        kind,
        data: awarenessFrame([
          { clientId: 1 + random.int(1000), clock: 1, json: utf8(random.pick(["[1,2]", "42", '"x"', "true"])) },
        ]),
      };
    case "awareness invalid UTF-8":
      return {
        kind,
        data: awarenessFrame([
          { clientId: 1 + random.int(1000), clock: 1, json: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) },
        ]),
      };
    case "awareness state too large":
      return {
        kind,
        data: awarenessFrame([
          {
            clientId: 1 + random.int(1000),
            clock: 1,
            json: utf8(JSON.stringify({ x: "a".repeat(LIMITS.maxAwarenessStateBytes) })),
          },
        ]),
      };
    case "text frame":
      return { kind, data: random.pick(["\u0000\u0002\u0001", '{"type":"sync"}', random.word(), ""]) };
  }
}

/** A frame past the server's message limit (1 MiB): ws must refuse it from its header (1009). */
export function oversizedCollabFrame(random: Random): CollabFrame {
  const data = new Uint8Array(LIMITS.maxMessageBytes + 1 + random.int(3 * LIMITS.maxMessageBytes));
  data[0] = MESSAGE_SYNC;
  data[1] = SYNC_UPDATE;
  return { kind: "oversized", data };
}

// ---- socket.io (engine.io v4 over a websocket) ----------------------------------------------------

/** socket.io packets that parse and keep the connection open (engine.io "4" + socket.io packet). */
export function benignSocketIoFrame(random: Random, proposalRoom: string): string {
  const json = (value: unknown) => JSON.stringify(value);
  switch (random.int(10)) {
    case 0:
      return `42${json([random.word(), random.int(10), { a: random.word() }])}`; // unknown event
    case 1:
      return `42${json(["live:subscribe", random.pick(["x", 1, null, [], true])])}`;
    case 2:
      return `42${random.int(1000)}${json([
        "live:subscribe",
        random.pick([
          { rooms: [1, 2] },
          { rooms: [] },
          { rooms: Array.from({ length: 30 }, () => "plan:x") },
          { rooms: ["a".repeat(200)] },
          { rooms: ["user:someone-else"] },
          { rooms: [proposalRoom], since: { [proposalRoom]: -1 } },
          { rooms: [proposalRoom], epoch: "z".repeat(40) },
          { rooms: ["nope:room"], since: [] },
        ]),
      ])}`;
    case 3:
      return `42${json(["live:unsubscribe", random.pick([{ rooms: "x" }, null, { rooms: [proposalRoom, 3] }])])}`;
    case 4:
      return `42${json(["live:subscribe"])}`; // no arguments
    case 5:
      return "3"; // an unsolicited pong
    case 6:
      return `40/${random.pick(["nope", "admin", "../", random.word()])},`; // a namespace that does not exist
    case 7:
      return `43${random.int(100)}${json([random.word()])}`; // an ack nobody asked for
    case 8:
      return `42${json(["activity:new", { forged: true }])}`; // a server-to-client event name
    default:
      return `42/nope,${json(["live:subscribe", { rooms: [proposalRoom] }])}`; // event to a namespace never joined
  }
}

/** Malformed socket.io frames: engine.io or socket.io must refuse them (and close, or ignore). */
export function fatalSocketIoFrame(random: Random): { data: string | Uint8Array; kind: string } {
  switch (random.int(11)) {
    case 0:
      return { kind: "bad engine.io type", data: `${random.pick(["7", "9", "x", "-", "\u0000"])}${random.word()}` };
    case 1:
      return { kind: "invalid JSON", data: `42["live:subscribe",{"rooms":[${random.word()}` };
    case 2:
      return {
        kind: "event payload not an array",
        data: `42${random.pick(['{"a":1}', '"x"', "7", "null", "[]", "[1]"])}`,
      };
    case 3:
      return { kind: "bad socket.io type", data: `4${7 + random.int(3)}["x"]` };
    case 4:
      return { kind: "binary attachment never sent", data: `451-["live:subscribe",{"_placeholder":true,"num":0}]` };
    case 5:
      return {
        kind: "random binary",
        data: new Uint8Array(Array.from({ length: 1 + random.int(64) }, () => random.int(256))),
      };
    case 6:
      return { kind: "empty", data: "" };
    case 7:
      return {
        kind: "huge payload",
        data: `42["live:subscribe",{"rooms":["${"a".repeat(64 * 1024 + random.int(200_000))}"]}]`,
      };
    case 8:
      return { kind: "bad ack id", data: `42${"9".repeat(40)}["live:subscribe",{}]` };
    case 9:
      return { kind: "connect with bad auth", data: `40${random.pick(["{", "[1,2]", '"x"', "{}{}"])}` };
    default:
      return { kind: "attachments count absurd", data: `45${"9".repeat(20)}-["x"]` };
  }
}
