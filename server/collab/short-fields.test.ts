import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { fieldsMap, listArray, readDraft, replaceText, type ListField } from "../../app/drafting/document.ts";
import type * as Load from "../../app/drafting/stored-state.server.ts";
import { setupCollabTest, type TestClient, type TestUser } from "../../tests/support/collab-server.ts";
import { waitFor } from "../../tests/support/wait.ts";

// Short fields are Y.Texts (decision 020): stock y-websocket clients typing into the same
// milestone, indicator, actor and contact field at the same moment, each keystroke applied (as the
// editor's diff binding applies it: the smallest change from the old value to the new) before any
// client has seen another's, keep every character, on every client and in the stored document.

let t: Awaited<ReturnType<typeof setupCollabTest>>;
let load: typeof Load;

beforeAll(async () => {
  t = await setupCollabTest();
  load = await import("../../app/drafting/stored-state.server.ts");
});

afterEach(async () => {
  await t?.cleanup();
});

afterAll(async () => {
  await t?.dispose();
});

/** A commitment with one milestone, one indicator and one supporting actor. */
async function commitmentWithLists(team: TestUser[]) {
  const commitment = await t.createCommitment({
    team,
    data: { contactName: "Ana Flores", contactEmail: "ana@example.pe" },
  });
  await t.prisma.milestone.create({
    data: { commitmentId: commitment.id, position: 1, description: "Definir los datos", responsible: "SEGDI" },
  });
  await t.prisma.indicator.create({
    data: { commitmentId: commitment.id, kind: "RESULT", position: 0, name: "Establecimientos", target: "50" },
  });
  await t.prisma.supportingActor.create({
    data: { commitmentId: commitment.id, name: "Colectivo", sector: "CIVIL_SOCIETY", role: "Validación" },
  });
  return commitment;
}

type Target = { list: ListField | null; key: string };
const TARGETS: Target[] = [
  { list: "milestones", key: "description" },
  { list: "indicators", key: "name" },
  { list: "actors", key: "role" },
  { list: null, key: "contactName" },
];

function textOf(doc: Y.Doc, { list, key }: Target): Y.Text {
  const value = list === null ? fieldsMap(doc).get(key) : listArray(doc, list).get(0).get(key);
  if (!(value instanceof Y.Text)) throw new Error(`${list ?? "fields"}.${key} is not a Y.Text`);
  return value;
}

function valueOf(doc: Y.Doc, { list, key }: Target): string {
  const content = readDraft(doc);
  return list === null ? content.fields[key as "contactName"] : content[list][0]![key]!;
}

/**
 * One person typing `word` into a field, keystroke by keystroke, at a caret that starts at `at`
 * (0: the start; -1: the end): each keystroke is what the browser's input event gives (the whole
 * new value), turned into the smallest change by replaceText, as the diff binding does.
 */
function type(doc: Y.Doc, target: Target, word: string, at: number): void {
  const text = textOf(doc, target);
  let caret = at < 0 ? text.length : Math.min(at, text.length);
  for (const character of word) {
    const before = text.toString();
    replaceText(text, before.slice(0, caret) + character + before.slice(caret));
    caret += character.length;
  }
}

async function storedDocument(room: string): Promise<Y.Doc> {
  const { snapshot, rows } = await load.readStoredState(room);
  const doc = new Y.Doc();
  load.applyStoredState(doc, snapshot, rows, (error) => {
    throw error;
  });
  return doc;
}

async function typeAtOnce(count: number) {
  const team: TestUser[] = [];
  for (let i = 0; i < count; i++) team.push(await t.createUser({ name: `Persona ${i + 1}` }));
  const commitment = await commitmentWithLists(team);
  const server = await t.startServer();
  const clients: TestClient[] = [];
  for (const user of team) clients.push(await t.connectSynced(server, commitment.room, user));
  const original = Object.fromEntries(TARGETS.map((target) => [target.key, valueOf(clients[0]!.doc, target)]));

  // Everyone types into every target field in this same turn of the event loop: no client can
  // have received anyone else's keystrokes. Carets at the start, the end and the middle.
  const words = new Map<string, string[]>();
  clients.forEach((client, i) => {
    for (const target of TARGETS) {
      const word = `«${i + 1}${target.key.slice(0, 3)}»`;
      const at = i % 3 === 0 ? 0 : i % 3 === 1 ? -1 : 4;
      type(client.doc, target, word, at);
      words.set(target.key, [...(words.get(target.key) ?? []), word]);
    }
  });

  const holdsEverything = (doc: Y.Doc) =>
    TARGETS.every((target) => {
      const value = valueOf(doc, target);
      const expected = words.get(target.key)!;
      return (
        expected.every((word) => value.includes(word)) &&
        value.length === original[target.key]!.length + expected.join("").length
      );
    });
  await waitFor(() => clients.every((client) => holdsEverything(client.doc)), "every client holds every character");
  const converged = readDraft(clients[0]!.doc);
  for (const client of clients) expect(readDraft(client.doc)).toEqual(converged);
  const stored = await waitFor(async () => {
    const doc = await storedDocument(commitment.room);
    return holdsEverything(doc) ? doc : null;
  }, "the stored document holds every character");
  expect(readDraft(stored)).toEqual(converged);
  // What was there before is still there, in order, around the words typed into it.
  for (const target of TARGETS) {
    let rest = valueOf(stored, target);
    for (const word of words.get(target.key)!) rest = rest.replace(word, "");
    expect(rest).toBe(original[target.key]);
  }
  expect(clients.flatMap((client) => client.closes)).toEqual([]);
}

describe("short fields typed into at once", () => {
  it("two clients keep each other's characters in the milestone, indicator, actor and contact", async () => {
    await typeAtOnce(2);
  });

  it("five clients keep everyone's characters in the same fields", async () => {
    await typeAtOnce(5);
  });
});
