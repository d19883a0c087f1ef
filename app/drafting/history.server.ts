import * as Y from "yjs";
import { readDraft, type DraftContent } from "./document.ts";
import { VERSION_NAME_MAX } from "./forms.ts";
import type { VersionKind } from "~/generated/prisma/enums.ts";
import { recordActivity } from "~/record/activity.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can } from "~/utils/permissions.server.ts";
import { loadOwners, storeServerUpdate } from "./authors.server.ts";
import { projectDraft } from "./project.server.ts";
import { restoreUpdate } from "./restore.server.ts";
import { createVersion, currentDocument } from "./versions.server.ts";
import { type DraftActor, type Failure, getDraftCommitment, room, titleSuffix } from "./drafts.server.ts";

// ---- versions ------------------------------------------------------------------------------------

export type VersionSummary = {
  id: string;
  number: number;
  name: string;
  kind: VersionKind;
  createdAt: string;
  author: string | null;
};

export async function listVersions(commitmentId: string): Promise<VersionSummary[]> {
  const rows = await prisma().commitmentVersion.findMany({
    where: { commitmentId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, name: true, kind: true, createdAt: true, createdBy: { select: { name: true } } },
  });
  return rows.map(({ createdBy, createdAt, ...row }) => ({
    ...row,
    createdAt: createdAt.toISOString(),
    author: createdBy?.name ?? null,
  }));
}

/** A stored version's content (our own JSON, re-read through the same fields and defaults). */
export function parseContent(json: string): DraftContent {
  const empty = new Y.Doc();
  const fallback = readDraft(empty);
  empty.destroy();
  try {
    const value = JSON.parse(json) as Partial<DraftContent>;
    const content: DraftContent = {
      prose: { ...fallback.prose, ...value.prose },
      fields: { ...fallback.fields, ...value.fields },
      milestones: Array.isArray(value.milestones) ? value.milestones : [],
      indicators: Array.isArray(value.indicators) ? value.indicators : [],
      actors: Array.isArray(value.actors) ? value.actors : [],
    };
    // Content read from a shape-2 document says so, with its theme and policy area; content stored
    // before decision 020 has neither, and reads as it was stored (its hash is computed on that).
    if (typeof value.shape === "number" && value.shape >= 2) {
      content.shape = value.shape;
      content.classification = {
        theme: typeof value.classification?.theme === "string" ? value.classification.theme : "",
        policyArea: typeof value.classification?.policyArea === "string" ? value.classification.policyArea : "",
      };
    }
    return content;
  } catch {
    return fallback;
  }
}

/** One version of a commitment, with its content; null if it is not this commitment's. */
export async function getVersion(commitmentId: string, versionId: string) {
  const row = await prisma().commitmentVersion.findFirst({
    where: { id: versionId, commitmentId },
    select: {
      id: true,
      number: true,
      name: true,
      kind: true,
      createdAt: true,
      content: true,
      createdBy: { select: { name: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    kind: row.kind,
    createdAt: row.createdAt.toISOString(),
    author: row.createdBy?.name ?? null,
    content: parseContent(row.content),
  };
}

/** The current content of a commitment's draft (the stored document). */
export async function getCurrentContent(commitmentId: string): Promise<DraftContent> {
  const doc = await currentDocument(commitmentId);
  try {
    return readDraft(doc);
  } finally {
    doc.destroy();
  }
}

/** A named (MANUAL) version of the draft as it is now. */
export async function createNamedVersion(
  commitmentId: string,
  actor: DraftActor | null,
  name: string,
): Promise<{ ok: true; number: number } | Failure> {
  const commitment = await getDraftCommitment(commitmentId);
  if (!commitment) return { ok: false, error: "not-found" };
  if (!actor || !can.createVersion(actor, commitment)) return { ok: false, error: "forbidden" };
  const clean = name.trim();
  if (clean.length === 0 || clean.length > VERSION_NAME_MAX) return { ok: false, error: "invalid" };
  const version = await createVersion(commitmentId, { name: clean, kind: "MANUAL", userId: actor.id });
  return { ok: true, number: version.number };
}

// ---- restore -------------------------------------------------------------------------------------

/**
 * Restores a version as a new change by `actor` on top of the current draft (see
 * server/collab/restore.ts): stored as a CollabUpdate by the restoring person, relayed to
 * everyone connected, projected into the commitment's rows, and followed by a RESTORE version.
 */
export async function restoreVersion(
  commitmentId: string,
  versionId: string,
  actor: DraftActor | null,
): Promise<{ ok: true; restored: number; number: number; changed: boolean } | Failure> {
  const commitment = await getDraftCommitment(commitmentId);
  if (!commitment) return { ok: false, error: "not-found" };
  const version = await prisma().commitmentVersion.findFirst({
    where: { id: versionId, commitmentId },
    select: { number: true, state: true },
  });
  if (!version) return { ok: false, error: "not-found" };
  if (!actor || !can.restoreVersion(actor, commitment)) return { ok: false, error: "forbidden" };

  const current = await currentDocument(commitmentId);
  const target = new Y.Doc();
  let changed = false;
  try {
    Y.applyUpdate(target, version.state);
    const owners = await loadOwners(room(commitmentId));
    const update = restoreUpdate(current, target, new Set(owners.keys()));
    if (update) {
      changed = true;
      await storeServerUpdate(room(commitmentId), update, {
        userId: actor.id,
        sector: actor.memberships[0]?.sector ?? null,
      });
      await projectDraft(commitmentId, readDraft(current));
    }
  } finally {
    current.destroy();
    target.destroy();
  }
  const created = await createVersion(commitmentId, {
    name: String(version.number),
    kind: "RESTORE",
    userId: actor.id,
  });
  await recordActivity({
    kind: "commitment.restored",
    actorId: actor.id,
    subjectType: "commitment",
    subjectId: commitmentId,
    summary: `Se restauró la versión ${version.number} del compromiso ${commitment.number}${titleSuffix(commitment)}.`,
  });
  return { ok: true, restored: version.number, number: created.number, changed };
}
