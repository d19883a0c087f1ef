import { createHash } from "node:crypto";
import * as Y from "yjs";
import { fillDraft, INDICATOR_KINDS, isEmptyDraft, type DraftContent, type ListItem } from "./document.ts";
import { roomName } from "~/collab/protocol.ts";
import { prisma } from "~/utils/db.server.ts";
import { services } from "~/services.server.ts";
import { storeServerUpdate } from "./authors.server.ts";
import { applyStoredState, readStoredState } from "./stored-state.server.ts";

// Seeding: a commitment room that has never stored anything (or whose stored document holds no
// draft at all: rooms written before seeding existed) starts from the commitment as the database
// holds it (its title, texts, dates, contact, values, milestones, indicators, actors).
// That content is written into a fresh Y.Doc with fillDraft, in the current document shape, and stored as a CollabUpdate (the
// room's first, except in those older rooms) authored by nobody (userId null: the server), with its
// client id recorded in CollabAuthor, before anyone is served. Every later state (live rooms, versions, restores,
// approval) starts from that row.
//
// One seed per room: a process-wide lock (in the process's services, shared by the Remix build and
// the server) serialises seeding, and the check for stored state runs inside it. Two different
// seeds would each insert the whole content, and the merged document would hold it twice.

/** YYYY-MM-DD of a stored date (dates are stored at noon UTC, so the UTC day is Lima's too). */
export function isoDay(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "";
}

/** The database's content of a commitment, in the document's shape; null if it does not exist. */
export async function contentFromDatabase(commitmentId: string): Promise<DraftContent | null> {
  const c = await prisma().commitment.findUnique({
    where: { id: commitmentId },
    include: {
      leadInstitution: { select: { name: true } },
      milestones: { orderBy: { position: "asc" } },
      indicators: { orderBy: { position: "asc" } },
      supportingActors: { orderBy: { position: "asc" } },
    },
  });
  if (!c) return null;
  const text = (value: string | null | undefined) => value ?? "";
  return {
    prose: {
      title: text(c.title),
      problem: text(c.problem),
      baseline: text(c.baseline),
      description: text(c.description),
      contribution: text(c.contribution),
    },
    classification: { theme: text(c.themeId), policyArea: text(c.policyArea) },
    fields: {
      leadInstitution: text(c.leadInstitution?.name),
      contactName: text(c.contactName),
      contactEmail: text(c.contactEmail),
      startDate: isoDay(c.startDate),
      endDate: isoDay(c.endDate),
      valueAccessToInformation: c.valueAccessToInformation,
      valueCivicParticipation: c.valueCivicParticipation,
      valuePublicAccountability: c.valuePublicAccountability,
      valueTechnology: c.valueTechnology,
    },
    milestones: c.milestones.map((m): ListItem => ({
      id: m.id,
      description: m.description,
      output: text(m.output),
      startDate: isoDay(m.startDate),
      endDate: isoDay(m.endDate),
      responsible: text(m.responsible),
    })),
    // Activity, result, impact (the template's order), each kind in its own order.
    indicators: [...c.indicators]
      .sort((a, b) => INDICATOR_KINDS.indexOf(a.kind) - INDICATOR_KINDS.indexOf(b.kind) || a.position - b.position)
      .map((i): ListItem => ({
        id: i.id,
        kind: i.kind,
        name: i.name,
        unit: text(i.unit),
        baseline: text(i.baseline),
        target: text(i.target),
        dueDate: isoDay(i.dueDate),
      })),
    actors: c.supportingActors.map((a): ListItem => ({ id: a.id, name: a.name, sector: a.sector, role: text(a.role) })),
  };
}

/** Whether a room has stored anything (a snapshot or an update). */
export async function hasStoredState(room: string): Promise<boolean> {
  const [snapshot, update] = await Promise.all([
    prisma().collabSnapshot.findUnique({ where: { room }, select: { room: true } }),
    prisma().collabUpdate.findFirst({ where: { room }, select: { id: true } }),
  ]);
  return snapshot !== null || update !== null;
}

/** Whether a room must be seeded: nothing stored, or a stored document without any draft content. */
async function needsSeed(room: string): Promise<boolean> {
  if (!(await hasStoredState(room))) return true;
  const { snapshot, rows } = await readStoredState(room);
  const doc = new Y.Doc();
  try {
    applyStoredState(doc, snapshot, rows, () => {});
    return isEmptyDraft(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * A Yjs client id for seeding a room, the same on every node for the same stored state: derived
 * from the room and how much it has stored (a re-seed of an emptied draft gets a new one).
 */
async function seedClientId(room: string): Promise<number> {
  const [snapshot, updates] = await Promise.all([
    prisma().collabSnapshot.findUnique({ where: { room }, select: { upToId: true } }),
    prisma().collabUpdate.count({ where: { room } }),
  ]);
  const digest = createHash("sha256")
    .update(`${room}\u0000${snapshot?.upToId ?? 0}\u0000${updates}`)
    .digest();
  // Yjs client ids are unsigned 32-bit; avoid 0.
  return digest.readUInt32BE(0) || 1;
}

/**
 * Seeds a commitment's room from the database if it has no stored state at all. Resolves true
 * when it seeded, false when there was state already (or the commitment does not exist).
 */
export function ensureSeeded(commitmentId: string): Promise<boolean> {
  // Rooms being seeded, and rooms known to hold a draft (a seeded draft never becomes empty
  // again: its fields stay), shared by the routes and the collaboration server.
  const { seeding, seeded } = services().caches;
  const room = roomName("commitment", commitmentId);
  if (seeded.has(room)) return Promise.resolve(false);
  const running = seeding.get(room);
  if (running) return running;
  const task = (async () => {
    // Read before deciding: another node that seeds meanwhile is then either seen by needsSeed
    // or seeded from this same state, with this same client id.
    const clientId = await seedClientId(room);
    if (!(await needsSeed(room))) {
      seeded.add(room);
      return false;
    }
    const content = await contentFromDatabase(commitmentId);
    if (!content) return false;
    // Several nodes may seed the same room at once. The same content written by the same Yjs
    // client id from the same stored state gives identical structs, which Yjs merges as one: no
    // duplicated text, and every node's later edits find the items they build on.
    const doc = new Y.Doc({ gc: true });
    doc.clientID = clientId;
    try {
      fillDraft(doc, content);
      // Announced too: a room that is loading reads the row anyway (applying it twice is harmless).
      await storeServerUpdate(room, Y.encodeStateAsUpdate(doc), { userId: null, sector: null });
    } finally {
      doc.destroy();
    }
    seeded.add(room);
    return true;
  })().finally(() => seeding.delete(room));
  seeding.set(room, task);
  return task;
}
