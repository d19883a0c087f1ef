import * as Y from "yjs";
import { readDraft, type DraftContent } from "./document.ts";
import { roomName } from "~/collab/protocol.ts";
import type { VersionKind } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { applyStoredState, readStoredState } from "./stored-state.server.ts";
import { ensureSeeded } from "./seed.server.ts";
import { ensureCurrentShape } from "./upgrade.server.ts";

// Versions of a commitment draft (CommitmentVersion): the full Yjs state at a moment and the plain
// content read from it, numbered 1, 2, 3… per commitment. They are taken from the stored state
// (the snapshot and the updates after it), the same state any room loads, so a version never
// depends on which process or room happens to be live.
//
// Kinds: MANUAL (named by the team), STATUS (every status change; name = the new status),
// AUTO (after a burst of editing; see Room), RESTORE (after a restore; name = the number of the
// version restored).

/**
 * The stored document of a commitment (seeded first if it never was, upgraded to the current shape
 * if it is older and not approved); the caller destroys it.
 */
export async function currentDocument(commitmentId: string): Promise<Y.Doc> {
  await ensureSeeded(commitmentId);
  await ensureCurrentShape(commitmentId);
  const room = roomName("commitment", commitmentId);
  const { snapshot, rows } = await readStoredState(room);
  const doc = new Y.Doc();
  applyStoredState(doc, snapshot, rows, () => {});
  return doc;
}

export type CreatedVersion = { id: string; number: number; content: DraftContent };

/**
 * Takes a version of a commitment's stored state. Numbers are allocated inside the insert's
 * transaction; a collision (two versions at once) retries with the next number.
 */
export async function createVersion(
  commitmentId: string,
  input: { name: string; kind: VersionKind; userId: string | null },
): Promise<CreatedVersion> {
  const doc = await currentDocument(commitmentId);
  let state: Uint8Array<ArrayBuffer>;
  let content: DraftContent;
  try {
    state = new Uint8Array(Y.encodeStateAsUpdate(doc));
    content = readDraft(doc);
  } finally {
    doc.destroy();
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const version = await prisma().$transaction(async (tx) => {
        const last = await tx.commitmentVersion.findFirst({
          where: { commitmentId },
          orderBy: { number: "desc" },
          select: { number: true },
        });
        return tx.commitmentVersion.create({
          data: {
            commitmentId,
            number: (last?.number ?? 0) + 1,
            name: input.name,
            kind: input.kind,
            state,
            content: JSON.stringify(content),
            createdById: input.userId,
          },
          select: { id: true, number: true },
        });
      });
      eventBus().publish("collab.version", { room: roomName("commitment", commitmentId) });
      return { ...version, content };
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002" || attempt >= 5) throw error;
    }
  }
}

/** Updates stored in a commitment's room since its last version (all of them if it has none). */
export async function updatesSinceLastVersion(commitmentId: string): Promise<number> {
  const last = await prisma().commitmentVersion.findFirst({
    where: { commitmentId },
    orderBy: { number: "desc" },
    select: { createdAt: true },
  });
  return prisma().collabUpdate.count({
    where: { room: roomName("commitment", commitmentId), ...(last ? { createdAt: { gt: last.createdAt } } : {}) },
  });
}
