import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocket, type RawData } from "ws";
import * as Y from "yjs";
import {
  Histogram,
  nowMicros,
  prng,
  readAwarenessStamps,
  readStampedUpdate,
  sendToParent,
  STAMP_PREFIX,
  type EditorSpec,
  type WorkerCommand,
  type WorkerConfig,
  type WorkerReport,
} from "./shared.ts";

// A load-generator process: simulated editors on raw `ws` sockets speaking the y-websocket
// protocol (y-protocols sync + awareness frames, byte for byte what WebsocketProvider sends).
//
// Each editor owns a Y.Doc with its own paragraph in the commitment's "prose:description"
// XmlFragment (the shape TipTap/y-prosemirror gives it) and types into it: every edit is one
// transaction inserting "~<send time in µs, base 36>" at the end of its paragraph (and, now and
// then, deleting the oldest characters to keep the paragraph short), so every update it sends is
// a real Yjs update that carries its own send time. Its cursor goes out as an awareness state
// {user, cursor: {anchor, head} (relative positions), t: send time}.
//
// What a simulated editor does NOT do is apply the updates it receives: a browser would, but that
// costs the client, not the server, and 200 documents applying 1,000 updates a second each would
// measure this process instead of the server. It reads the author, clock and send time from the
// first struct of each update (readStampedUpdate) and records the latency. The sync handshake is
// answered as the provider answers it (step 1 → step 2 with what the server lacks).

type Editor = {
  index: number;
  group: number;
  doc: Y.Doc;
  text: Y.XmlText;
  ws: WebSocket | null;
  synced: boolean;
  closed: boolean;
  awarenessClock: number;
  nextEditAt: number;
  nextAwarenessAt: number;
};

let config: WorkerConfig;
let epoch = 0n;
let editors: Editor[] = [];
let editing = false;
let ticker: NodeJS.Timeout | null = null;
let random = Math.random;

let markAt = Infinity;
let stopAt = Infinity;
let drainUntil = Infinity;
let drained = false;
let cpuMark = process.cpuUsage();
let wallMark = performance.now();
let cpuWindow: { cpuMicros: number; wallMs: number } | null = null;

const stats = {
  editsSent: 0,
  awarenessSent: 0,
  editsLate: 0,
  deliveredInWindow: 0,
  deliveredOfWindowEdits: 0,
  deliveredInWindowByGroup: [] as number[],
  updateLatency: new Histogram(),
  awarenessLatency: new Histogram(),
  closes: [] as { code: number; reason: string }[],
};

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function send(editor: Editor, data: Uint8Array): void {
  if (editor.ws?.readyState === WebSocket.OPEN) editor.ws.send(data);
}

function createEditor(index: number, group: number): Editor {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment("prose:description").insert(0, [paragraph]);
  const editor: Editor = {
    index,
    group,
    doc,
    text,
    ws: null,
    synced: false,
    closed: false,
    awarenessClock: 0,
    nextEditAt: 0,
    nextAwarenessAt: 0,
  };
  // Local changes go out as sync updates, as WebsocketProvider sends them.
  doc.on("update", (update: Uint8Array) => {
    send(
      editor,
      frame((e) => {
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, update);
      }),
    );
  });
  return editor;
}

function sendAwareness(editor: Editor, now: number): void {
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(editor.text, editor.text.length));
  const state = {
    user: { name: `Editor ${editor.index}`, color: "#336699" },
    cursor: { anchor: position, head: position },
    t: now,
  };
  send(
    editor,
    frame((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(
        e,
        frame((inner) => {
          encoding.writeVarUint(inner, 1);
          encoding.writeVarUint(inner, editor.doc.clientID);
          encoding.writeVarUint(inner, ++editor.awarenessClock);
          encoding.writeVarString(inner, JSON.stringify(state));
        }),
      );
    }),
  );
}

function onMessage(editor: Editor, data: RawData): void {
  const received = nowMicros(epoch);
  if (received > drainUntil) {
    // Past the drain deadline: stop reading (a backlog could keep this process busy for minutes).
    if (!drained) {
      drained = true;
      for (const e of editors) e.ws?.terminate();
    }
    return;
  }
  const bytes = data instanceof Buffer ? data : Buffer.concat(data as Buffer[]);
  const message = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const d = decoding.createDecoder(message);
  const type = decoding.readVarUint(d);
  if (type === 0) {
    const step = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (step === 0) {
      const update = Y.encodeStateAsUpdate(editor.doc, payload);
      send(
        editor,
        frame((e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, update);
        }),
      );
    } else if (step === 1) {
      editor.synced = true;
    } else if (step === 2) {
      const stamp = readStampedUpdate(payload);
      if (!stamp || stamp.client === editor.doc.clientID) return; // the stock server echoes
      if (received >= markAt && received <= stopAt) {
        stats.deliveredInWindow++;
        stats.deliveredInWindowByGroup[editor.group] = (stats.deliveredInWindowByGroup[editor.group] ?? 0) + 1;
      }
      if (stamp.sentAt !== null && stamp.sentAt >= markAt && stamp.sentAt <= stopAt) {
        stats.deliveredOfWindowEdits++;
        stats.updateLatency.record(received - stamp.sentAt);
      }
    }
  } else if (type === 1) {
    const payload = decoding.readVarUint8Array(d);
    let foreign = false;
    for (const { client, sentAt } of readAwarenessStamps(payload)) {
      if (client === editor.doc.clientID) continue;
      foreign = true;
      if (sentAt !== null && sentAt >= markAt && sentAt <= stopAt) stats.awarenessLatency.record(received - sentAt);
    }
    // WebsocketProvider re-broadcasts every awareness change it applies, other clients' included.
    if (config.awarenessEcho && foreign && editing) send(editor, message.slice());
  }
}

function connect(editor: Editor, spec: EditorSpec): Promise<void> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Origin: spec.origin ?? config.origin };
    if (spec.cookie) headers.Cookie = spec.cookie;
    const ws = new WebSocket(spec.url ?? config.url, { headers, perMessageDeflate: false });
    editor.ws = ws;
    const timeout = setTimeout(() => reject(new Error(`editor ${editor.index}: not synced after 30 s`)), 30_000);
    ws.on("open", () => {
      // What WebsocketProvider sends on open: sync step 1, then the local awareness state.
      send(
        editor,
        frame((e) => {
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint8Array(e, Y.encodeStateVector(editor.doc));
        }),
      );
      sendAwareness(editor, nowMicros(epoch));
    });
    ws.on("message", (data: RawData) => {
      try {
        onMessage(editor, data);
        if (editor.synced) {
          clearTimeout(timeout);
          resolve();
        }
      } catch (error) {
        sendToParent({ type: "error", message: `editor ${editor.index}: ${String(error)}` });
      }
    });
    ws.on("unexpected-response", (_req, res) => {
      clearTimeout(timeout);
      reject(new Error(`editor ${editor.index}: upgrade refused with HTTP ${res.statusCode}`));
      res.resume();
      ws.terminate();
    });
    ws.on("error", () => {});
    ws.on("close", (code: number, reason: Buffer) => {
      editor.closed = true;
      if (!drained && markAt !== Infinity) stats.closes.push({ code, reason: reason.toString() });
      clearTimeout(timeout);
      reject(new Error(`editor ${editor.index}: closed (${code}) before syncing`));
    });
  });
}

function edit(editor: Editor, now: number): void {
  const { text } = editor;
  editor.doc.transact(() => {
    text.insert(text.length, `${STAMP_PREFIX}${now.toString(36)}`);
    if (text.length > config.keepChars) text.delete(0, text.length - Math.floor(config.keepChars / 2));
  });
}

/** Sends the edits and awareness updates that are due; a late editor is counted, not bunched. */
function tick(): void {
  if (!editing) return;
  if (nowMicros(epoch) > stopAt) {
    editing = false;
    if (ticker) clearInterval(ticker);
    cpuWindow = {
      cpuMicros: (({ user, system }) => user + system)(process.cpuUsage(cpuMark)),
      wallMs: performance.now() - wallMark,
    };
    sendToParent({ type: "stopped" });
    return;
  }
  const editPeriod = 1e6 / config.editHz;
  const awarenessPeriod = config.awarenessHz > 0 ? 1e6 / config.awarenessHz : Infinity;
  for (const editor of editors) {
    if (editor.closed) continue;
    let now = nowMicros(epoch);
    if (now >= editor.nextEditAt) {
      if (now - editor.nextEditAt > editPeriod) {
        if (now >= markAt && now <= stopAt) stats.editsLate++;
        editor.nextEditAt = now;
      }
      edit(editor, now);
      if (now >= markAt && now <= stopAt) stats.editsSent++;
      editor.nextEditAt += editPeriod * (0.75 + 0.5 * random());
      now = nowMicros(epoch);
    }
    if (now >= editor.nextAwarenessAt) {
      if (now - editor.nextAwarenessAt > awarenessPeriod) editor.nextAwarenessAt = now;
      sendAwareness(editor, now);
      if (now >= markAt && now <= stopAt) stats.awarenessSent++;
      editor.nextAwarenessAt += awarenessPeriod * (0.75 + 0.5 * random());
    }
  }
}

function report(): WorkerReport {
  const window = cpuWindow ?? {
    cpuMicros: (({ user, system }) => user + system)(process.cpuUsage(cpuMark)),
    wallMs: performance.now() - wallMark,
  };
  return {
    editsSent: stats.editsSent,
    awarenessSent: stats.awarenessSent,
    editsLate: stats.editsLate,
    deliveredInWindow: stats.deliveredInWindow,
    deliveredOfWindowEdits: stats.deliveredOfWindowEdits,
    deliveredInWindowByGroup: Array.from(stats.deliveredInWindowByGroup, (n) => n ?? 0),
    updateLatency: stats.updateLatency.counts,
    awarenessLatency: stats.awarenessLatency.counts,
    closes: stats.closes,
    cpuMicros: window.cpuMicros,
    wallMs: window.wallMs,
  };
}

async function start(next: WorkerConfig): Promise<void> {
  config = next;
  epoch = BigInt(config.epoch);
  random = prng(config.seed);
  editors = config.editors.map((spec) => createEditor(spec.index, spec.group ?? 0));
  // Connect a few at a time, as a room fills up in practice.
  const queue = config.editors.map((spec, i) => ({ spec, editor: editors[i]! }));
  const lanes = Array.from({ length: 8 }, async () => {
    for (let item = queue.shift(); item; item = queue.shift()) await connect(item.editor, item.spec);
  });
  await Promise.all(lanes);
  sendToParent({ type: "connected", editors: editors.length, clientIds: editors.map((e) => e.doc.clientID) });
}

process.on("message", (command: WorkerCommand) => {
  try {
    switch (command.type) {
      case "start":
        start(command.config).catch((error: unknown) => sendToParent({ type: "error", message: String(error) }));
        return;
      case "edit": {
        const now = nowMicros(epoch);
        const editPeriod = 1e6 / config.editHz;
        const awarenessPeriod = config.awarenessHz > 0 ? 1e6 / config.awarenessHz : Infinity;
        for (const editor of editors) {
          editor.nextEditAt = now + random() * editPeriod;
          editor.nextAwarenessAt = now + random() * Math.min(awarenessPeriod, 1e7);
        }
        editing = true;
        ticker = setInterval(tick, 2);
        return;
      }
      case "mark":
        // A time slightly ahead, the same for every worker: what is sent from then on counts.
        markAt = command.at;
        stats.editsSent = stats.awarenessSent = stats.editsLate = 0;
        stats.deliveredInWindow = stats.deliveredOfWindowEdits = 0;
        stats.deliveredInWindowByGroup = [];
        stats.updateLatency = new Histogram();
        stats.awarenessLatency = new Histogram();
        stats.closes = [];
        cpuMark = process.cpuUsage();
        wallMark = performance.now();
        cpuWindow = null;
        sendToParent({ type: "marked" });
        return;
      case "stop":
        // A time slightly ahead, the same for every worker: edits stop at it (see tick).
        stopAt = command.at;
        drainUntil = command.drainUntil;
        return;
      case "report":
        sendToParent({ type: "report", report: report() });
        return;
      case "close":
        editing = false;
        if (ticker) clearInterval(ticker);
        for (const editor of editors) editor.ws?.terminate();
        process.disconnect?.();
        setTimeout(() => process.exit(0), 100).unref();
        return;
    }
  } catch (error) {
    sendToParent({ type: "error", message: String(error) });
  }
});
process.on("disconnect", () => process.exit(0));
