import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import * as Y from "yjs";
import type * as CollabIndex from "./index.ts";
import type { CollabTuning } from "./index.ts";
import type * as Load from "../../app/drafting/stored-state.server.ts";
import { addListItem, TEXT_COLUMNS, TEXT_FIELDS, type ListField } from "../../app/drafting/document.ts";
import { legacyTexts } from "../../app/drafting/shape.ts";
import { setupCollabTest, type TestClient, type TestServer, type TestUser } from "../../tests/support/collab-server.ts";
import { seededRandom } from "../../tests/support/random.ts";
import { waitFor } from "../../tests/support/wait.ts";

// Convergence fuzz: several stock WebsocketProvider clients on one commitment room make random
// edits (Y.Text, the prose XmlFragment, the fields map, the milestones array of maps, and the short
// texts of document shape 2: the Y.Texts of the contact and lead institution and of the milestones',
// indicators' and actors' text columns, typed into and deleted from, with items added in that shape;
// decision 020), drop their sockets (cleanly or abruptly) and come back, make edits while offline,
// and the server restarts once per round. At the end every client, a fresh client, and the document rebuilt from the
// database (CollabSnapshot + CollabUpdate rows, as load.ts reads them) must be identical: same
// state vector and delete set, same content.
//
// The operations come from a seeded PRNG; the seed is printed. Timing (which frame arrives when)
// is not seeded, so a failure may need a few runs to reproduce:
//
//   COLLAB_FUZZ_SEED=123 npx vitest run server/collab/fuzz.test.ts
//
// Every wait is a condition polled with a deadline, never a fixed sleep.

let t: Awaited<ReturnType<typeof setupCollabTest>>;
let load: typeof Load;
let createCollabServer: typeof CollabIndex.createCollabServer;
const ownServers = new Set<TestServer>();

beforeAll(async () => {
  t = await setupCollabTest();
  // After setupCollabTest: these modules must see the test database's DATABASE_URL.
  load = await import("../../app/drafting/stored-state.server.ts");
  ({ createCollabServer } = await import("./index.ts"));
});

afterEach(async () => {
  await t?.cleanup();
  for (const server of [...ownServers]) await server.stop();
});

afterAll(async () => {
  await t?.dispose();
});

const SEEDS = process.env.COLLAB_FUZZ_SEED ? [Number(process.env.COLLAB_FUZZ_SEED)] : [20261126, 7, 4242, 90210];
const STEPS = Number(process.env.COLLAB_FUZZ_STEPS ?? 400);

/** The shared mulberry32, plus words for the text edits. */
function prng(seed: number) {
  const random = seededRandom(seed);
  const word = () =>
    Array.from({ length: 1 + random.int(6) }, () => "abcdefghijklmnñopqrstuvwxyzáéíóú ,."[random.int(35)]).join("");
  return { ...random, word };
}
type Random = ReturnType<typeof prng>;

/** A collab server on a fixed port, so that it can be restarted where the clients reconnect. */
async function startServerOn(port: number, tuning: Partial<CollabTuning>): Promise<TestServer> {
  const collab = createCollabServer({ logger: pino({ level: "silent" }), publicOrigin: null, tuning });
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  http.on("upgrade", (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, "127.0.0.1", () => resolve());
  });
  const actual = (http.address() as AddressInfo).port;
  const server: TestServer = {
    collab,
    http,
    url: `ws://127.0.0.1:${actual}/collab`,
    origin: `http://127.0.0.1:${actual}`,
    async stop() {
      ownServers.delete(server);
      await collab.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  ownServers.add(server);
  return server;
}

// The atomic values of "fields" (the short texts there are Y.Texts, edited by shortTextEdit).
const FIELD_KEYS = ["startDate", "endDate", "theme", "policyArea", "valueTechnology", "valueCivicParticipation"];

const SHORT_LISTS: ListField[] = ["milestones", "indicators", "actors"];

/** The short texts of a document (shape 2): the Y.Texts of "fields" and of the list items. */
function shortTexts(doc: Y.Doc): Y.Text[] {
  const texts: Y.Text[] = [];
  const fields = doc.getMap<unknown>("fields");
  for (const key of TEXT_FIELDS) {
    const value = fields.get(key);
    if (value instanceof Y.Text) texts.push(value);
  }
  for (const list of SHORT_LISTS) {
    for (const item of doc.getArray<Y.Map<unknown>>(list).toArray()) {
      if (!(item instanceof Y.Map)) continue;
      for (const key of TEXT_COLUMNS[list]) {
        const value = item.get(key);
        if (value instanceof Y.Text) texts.push(value);
      }
    }
  }
  return texts;
}

/** Typing into a short field, deleting from it, or adding a list item in shape 2. */
function shortTextEdit(doc: Y.Doc, random: Random): void {
  const texts = shortTexts(doc);
  if (texts.length === 0 || random.chance(0.08)) {
    const list = random.pick(SHORT_LISTS);
    addListItem(doc, list, { [TEXT_COLUMNS[list][0]!]: random.word() });
    return;
  }
  const text = random.pick(texts);
  if (text.length > 0 && random.chance(0.3)) {
    const at = random.int(text.length);
    text.delete(at, 1 + random.int(Math.min(5, text.length - at)));
  } else {
    // A burst of keystrokes at one caret, each its own insert (as the editor's binding sends them).
    let at = random.int(text.length + 1);
    for (const character of random.word()) {
      text.insert(at, character);
      at++;
    }
  }
}

/** One random change to a client's document (it may be offline: it syncs when it reconnects). */
function randomEdit(doc: Y.Doc, random: Random): void {
  if (random.chance(0.3)) {
    shortTextEdit(doc, random);
    return;
  }
  const body = doc.getText("body");
  const prose = doc.getXmlFragment("prose:description");
  const fields = doc.getMap<string | boolean | null>("fields");
  const milestones = doc.getArray<Y.Map<string | Y.Text>>("milestones");
  const paragraphs = () => prose.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
  const roll = random.int(100);
  if (roll < 22) {
    body.insert(random.int(body.length + 1), random.word());
  } else if (roll < 32) {
    if (body.length === 0) return;
    const at = random.int(body.length);
    body.delete(at, 1 + random.int(Math.min(6, body.length - at)));
  } else if (roll < 40) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(random.word())]);
    prose.insert(random.int(prose.length + 1), [paragraph]);
  } else if (roll < 54) {
    const list = paragraphs();
    if (list.length === 0) return;
    const text = random.pick(list).firstChild;
    if (!(text instanceof Y.XmlText)) return;
    if (text.length > 0 && random.chance(0.35)) {
      const at = random.int(text.length);
      text.delete(at, 1 + random.int(Math.min(4, text.length - at)));
    } else {
      text.insert(random.int(text.length + 1), random.word(), random.chance(0.2) ? { bold: true } : undefined);
    }
  } else if (roll < 59) {
    if (prose.length === 0) return;
    prose.delete(random.int(prose.length), 1);
  } else if (roll < 62) {
    const list = paragraphs();
    if (list.length > 0) random.pick(list).setAttribute("textAlign", random.pick(["left", "center", "right"]));
  } else if (roll < 74) {
    const key = random.pick(FIELD_KEYS);
    if (random.chance(0.1)) fields.delete(key);
    else fields.set(key, key.startsWith("value") ? random.pick([true, false, null]) : random.word());
  } else if (roll < 84) {
    addListItem(doc, "milestones", { description: random.word() });
  } else if (roll < 94) {
    if (milestones.length === 0) return;
    // A date of a milestone: an atomic value (its text columns are Y.Texts).
    milestones.get(random.int(milestones.length)).set(random.pick(["startDate", "endDate"]), random.word());
  } else {
    if (milestones.length === 0) return;
    milestones.delete(random.int(milestones.length), 1);
  }
}

/** Everything a document holds, as plain data. */
function contentOf(doc: Y.Doc) {
  return {
    body: doc.getText("body").toDelta() as unknown,
    prose: doc.getXmlFragment("prose:description").toJSON(),
    fields: doc.getMap("fields").toJSON(),
    milestones: doc.getArray("milestones").toJSON(),
    indicators: doc.getArray("indicators").toJSON(),
    actors: doc.getArray("actors").toJSON(),
  };
}

/** JSON with object keys sorted: Y.Map's toJSON lists keys in the order this replica learnt them. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

const sameState = (a: Y.Doc, b: Y.Doc) => Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));

/** Whether every client is connected and synced, and all hold the same state and content. */
function converged(clients: TestClient[]): boolean {
  if (!clients.every((c) => c.provider.wsconnected && c.provider.synced)) return false;
  const [first, ...rest] = clients;
  const content = canonical(contentOf(first!.doc));
  return rest.every((c) => sameState(first!.doc, c.doc) && canonical(contentOf(c.doc)) === content);
}

/** For failure messages: each client's connection state, what differs from the first client. */
function describeClients(clients: TestClient[]): string {
  const first = contentOf(clients[0]!.doc) as Record<string, unknown>;
  return clients
    .map((c, i) => {
      const p = c.provider;
      const differs = Object.entries(contentOf(c.doc))
        .filter(([key, value]) => canonical(value) !== canonical(first[key]))
        .map(([key]) => key);
      return (
        `client ${i}: connected=${p.wsconnected} synced=${p.synced} closes=[${c.closes.map((x) => x.code).join(",")}] ` +
        `same state as client 0=${sameState(c.doc, clients[0]!.doc)} content differs in=[${differs.join(",")}]`
      );
    })
    .join("\n");
}

/** The room's document as the database holds it: the snapshot and every update stored after it. */
async function storedDocument(room: string): Promise<Y.Doc> {
  const { snapshot, rows } = await load.readStoredState(room);
  const doc = new Y.Doc();
  load.applyStoredState(doc, snapshot, rows, (error, what) => {
    throw new Error(`stored ${what} does not apply: ${String(error)}`);
  });
  return doc;
}

describe("convergence fuzz", () => {
  it.each(SEEDS)(
    "random edits, disconnects and a restart converge on every client and in the database (seed %i)",
    async (seed) => {
      console.log(`collab fuzz: seed ${seed} (reproduce with COLLAB_FUZZ_SEED=${seed})`);
      const random = prng(seed);
      const where = `seed ${seed}`;

      const users: TestUser[] = [];
      for (let i = 0; i < 4; i++) users.push(await t.createUser({ sector: i % 2 === 0 ? "CIVIL_SOCIETY" : undefined }));
      const { room } = await t.createCommitment({ team: users });
      // Frequent compaction and quick unloading, so both happen while clients edit and reconnect.
      const tuning: Partial<CollabTuning> = { compactEvery: 10 + random.int(30), unloadDelayMs: 20 };
      let server = await startServerOn(0, tuning);
      const port = Number(new URL(server.url).port);

      // Five clients: four users, the first one with a second tab.
      const clients = [...users, users[0]!].map((user) => t.connect(server, room, user));
      await waitFor(() => clients.every((c) => c.provider.synced), `${where}: first sync`, 10_000);

      const restartAt = Math.floor(STEPS * (0.3 + 0.4 * random.next()));
      let sockets = 0;
      for (let step = 0; step < STEPS; step++) {
        if (step === restartAt) {
          // Stop (flushes writes, compacts, closes every socket with SHUTTING_DOWN) and start again
          // on the same port; the providers reconnect by themselves.
          await server.stop();
          server = await startServerOn(port, tuning);
        }
        const client = random.pick(clients);
        const { provider } = client;
        const roll = random.next();
        if (roll < 0.04) {
          if (provider.shouldConnect) provider.disconnect();
          else provider.connect();
        } else if (roll < 0.07) {
          // A network drop: the socket dies without a close handshake; the provider reconnects.
          (provider.ws as unknown as WebSocket | null)?.terminate();
          sockets++;
        } else if (roll < 0.12) {
          client.doc.transact(() => {
            for (let i = 1 + random.int(4); i > 0; i--) randomEdit(client.doc, random);
          });
        } else if (roll < 0.16) {
          provider.awareness.setLocalStateField("cursor", { anchor: random.int(50), head: random.int(50) });
        } else {
          randomEdit(client.doc, random);
        }
        // Let frames flow now and then, so edits interleave with relays, stores and reconnects.
        if (random.chance(0.3)) await new Promise((resolve) => setImmediate(resolve));
      }

      for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect();
      await waitFor(() => converged(clients), `${where}: all clients converge`, 15_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${describeClients(clients)}`);
      });

      // The server's document, as a newcomer receives it.
      const fresh = t.connect(server, room, users[1]!);
      await waitFor(
        () => fresh.provider.synced && sameState(fresh.doc, clients[0]!.doc),
        `${where}: newcomer synced`,
        10_000,
      );
      expect(contentOf(fresh.doc), where).toEqual(contentOf(clients[0]!.doc));

      // The database: every update relayed has been stored first, so this is immediate in practice.
      const stored = await waitFor(
        async () => {
          const doc = await storedDocument(room);
          return sameState(doc, clients[0]!.doc) ? doc : null;
        },
        `${where}: database matches the clients`,
        10_000,
      );
      expect(Y.encodeStateVector(stored), where).toEqual(Y.encodeStateVector(clients[0]!.doc));
      expect(contentOf(stored), where).toEqual(contentOf(clients[0]!.doc));
      // The short texts stayed Y.Texts (shape 2 throughout) and were written into.
      expect(legacyTexts(stored), where).toEqual([]);
      expect(
        shortTexts(stored).some((text) => text.length > 0),
        where,
      ).toBe(true);

      // Only closes the protocol expects: client-side closes, drops, and the restart's SHUTTING_DOWN.
      const codes = clients.flatMap((c) => c.closes.map((close) => close.code));
      expect(
        codes.filter((code) => code >= 4400 && code !== 4503),
        where,
      ).toEqual([]);
      expect(sockets + codes.length, where).toBeGreaterThan(0);
    },
  );
});
