import { createHash } from "node:crypto";
import * as Y from "yjs";
import { isEmptyDraft, type Classification } from "./document.ts";
import { roomName } from "~/collab/protocol.ts";
import { prisma } from "~/utils/db.server.ts";
import { services } from "~/services.server.ts";
import { initialTextClientIds, loadOwners, storeServerUpdate, type Owner } from "./authors.server.ts";
import { needsUpgrade, upgradeDocument } from "./shape.ts";
import { applyStoredState, readStoredState } from "./stored-state.server.ts";

// The upgrade of a stored commitment draft to the current document shape (decision 020), when
// its room loads (server/collab/rooms/commitment.ts) or the history pages read it
// (versions.server.ts): one server-authored change, stored as a CollabUpdate with userId null,
// in which each converted text is written by a client id recorded (CollabAuthor) as owned by the
// person who wrote the string it replaces: that person keeps the authorship of the text, in
// "who wrote what", the contributors panel and comparisons. Text from the commitment's initial
// content (the seed) stays credited as such: the client id that writes it, and the shape marker,
// counts as initial text (see initialTextClientIds).
//
// Approved commitments are never rewritten: their stored document stays in the shape it was
// approved in, and their approval hash stays verifiable (see workflow.server.ts).
//
// One upgrade per room at a time in a process (like the seed: services().caches); several nodes
// upgrading the same stored state at once derive the same client ids from it and write the same
// structs, which Yjs merges as one. A room upgraded once in this process is not checked again
// (plain strings an old client writes meanwhile are converted the next time a process loads it).

type Group = string;
const SERVER: Group = "server";
const FORMER: Group = "former";

function groupOf(owner: Owner | undefined, clientId: number, initial: ReadonlySet<number>): Group {
  if (owner?.userId) return `person\u0000${owner.userId}\u0000${owner.sector ?? ""}`;
  // Nobody's: the initial text, or an account that was deleted since (CollabAuthor set null).
  return initial.has(clientId) ? SERVER : FORMER;
}

function ownerOf(group: Group): Owner {
  if (!group.startsWith("person\u0000")) return { userId: null, sector: null };
  const [, userId, sector] = group.split("\u0000");
  return { userId: userId!, sector: (sector || null) as Owner["sector"] };
}

/**
 * Upgrades a commitment's stored draft to the current shape if it needs it. Resolves true when it
 * stored an upgrade, false otherwise (current shape already, approved, empty, or not found).
 */
export function ensureCurrentShape(commitmentId: string): Promise<boolean> {
  const { upgrading, shaped } = services().caches;
  const room = roomName("commitment", commitmentId);
  if (shaped.has(room)) return Promise.resolve(false);
  const running = upgrading.get(room);
  if (running) return running;
  const task = upgrade(commitmentId, room, shaped).finally(() => upgrading.delete(room));
  upgrading.set(room, task);
  return task;
}

async function upgrade(commitmentId: string, room: string, shaped: Set<string>): Promise<boolean> {
  const commitment = await prisma().commitment.findUnique({
    where: { id: commitmentId },
    select: { status: true, themeId: true, policyArea: true },
  });
  if (!commitment) return false;
  if (commitment.status === "APPROVED") {
    shaped.add(room);
    return false;
  }
  const { snapshot, rows } = await readStoredState(room);
  const doc = new Y.Doc();
  try {
    applyStoredState(doc, snapshot, rows, () => {});
    if (isEmptyDraft(doc)) return false; // the seed fills it (in the current shape)
    if (!needsUpgrade(doc)) {
      shaped.add(room);
      return false;
    }
    const [owners, initial] = await Promise.all([loadOwners(room), initialTextClientIds(room)]);
    const stored = `${room}\u0000${snapshot?.upToId ?? 0}\u0000${rows.at(-1)?.id ?? 0}\u0000${rows.length}`;
    const taken = new Set<number>([...Y.decodeStateVector(Y.encodeStateVector(doc)).keys(), ...owners.keys()]);
    const chosen = new Map<Group, number>();
    const classification: Classification = { theme: commitment.themeId ?? "", policyArea: commitment.policyArea ?? "" };
    const result = upgradeDocument(doc, {
      groupOf: (clientId) => groupOf(owners.get(clientId), clientId, initial),
      server: SERVER,
      classification,
      clientIdFor: (group) => {
        const known = chosen.get(group);
        if (known !== undefined) return known;
        // The same on every node for the same stored state (see above); never one in use.
        for (let attempt = 0; ; attempt++) {
          const digest = createHash("sha256").update(`${stored}\u0000${group}\u0000${attempt}`).digest();
          const id = digest.readUInt32BE(0);
          if (id !== 0 && !taken.has(id)) {
            taken.add(id);
            chosen.set(group, id);
            return id;
          }
        }
      },
    });
    if (!result) {
      shaped.add(room);
      return false;
    }
    const clientOwners = new Map([...result.clients].map(([clientId, group]) => [clientId, ownerOf(group)]));
    await storeServerUpdate(room, result.update, { userId: null, sector: null }, { owners: clientOwners });
    shaped.add(room);
    return true;
  } finally {
    doc.destroy();
  }
}
