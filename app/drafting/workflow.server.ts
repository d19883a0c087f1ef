import { createHash } from "node:crypto";
import * as Y from "yjs";
import { canonicalJson, readDraft, type DraftContent } from "./document.ts";
import type { CommitmentStatus } from "~/generated/prisma/enums.ts";
import es from "~/locales/es.ts";
import { recordActivity } from "~/record/activity.server.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can, type Actor, type CommitmentForPermission } from "~/utils/permissions.server.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { projectDraft } from "./project.server.ts";
import { createVersion } from "./versions.server.ts";
import { parseContent } from "./history.server.ts";
import { type DraftActor, type Failure, getDraftCommitment, room, titleSuffix } from "./drafts.server.ts";

// ---- workflow ------------------------------------------------------------------------------------

/** The moves of the workflow: draft → consultation → agreed in the forum → approved (frozen). */
export const STATUS_FLOW: Readonly<Record<CommitmentStatus, readonly CommitmentStatus[]>> = {
  DRAFT: ["IN_CONSULTATION"],
  IN_CONSULTATION: ["DRAFT", "AGREED"],
  AGREED: ["IN_CONSULTATION", "APPROVED"],
  APPROVED: [],
};

/** The statuses `actor` may move the commitment to now. */
export function statusOptions(actor: Actor, commitment: CommitmentForPermission): CommitmentStatus[] {
  return STATUS_FLOW[commitment.status].filter((to) => can.changeCommitmentStatus(actor, commitment, to));
}

/**
 * SHA-256 (hex) of the canonical JSON of a draft's content: the approval fingerprint. The content
 * names the document shape it was read from (`shape`, from shape 2 on; none: shape 1), so the
 * fingerprint records it: an approval from before decision 020 is checked against content read
 * the way it was then (readDraft reads a shape-1 document exactly so).
 */
export function contentHash(content: DraftContent): string {
  return createHash("sha256").update(canonicalJson(content), "utf8").digest("hex");
}

/** The document shape a content was read from (1: before decision 020). */
export function contentShape(content: DraftContent): number {
  return content.shape ?? 1;
}

/**
 * Checks an approved commitment's fingerprint: its approved version (the Yjs state, read in the
 * shape it was stored in, and the plain content stored with it) must hash to it. Null when the
 * commitment has no fingerprint or no approved version.
 */
export async function verifyApproval(
  commitmentId: string,
): Promise<{ ok: boolean; hash: string; shape: number } | null> {
  const commitment = await prisma().commitment.findUnique({
    where: { id: commitmentId },
    select: { approvedHash: true },
  });
  if (!commitment?.approvedHash) return null;
  const version = await prisma().commitmentVersion.findFirst({
    where: { commitmentId, kind: "STATUS", name: "APPROVED" },
    orderBy: { number: "desc" },
    select: { state: true, content: true },
  });
  if (!version) return null;
  const doc = new Y.Doc();
  let content: DraftContent;
  try {
    Y.applyUpdate(doc, version.state);
    content = readDraft(doc);
  } finally {
    doc.destroy();
  }
  const hash = contentHash(content);
  const ok = hash === commitment.approvedHash && contentHash(parseContent(version.content)) === commitment.approvedHash;
  return { ok, hash, shape: contentShape(content) };
}

/**
 * Moves a commitment along the workflow. Leaving DRAFT ends everyone's edit rights: the live
 * rooms re-check their connections at once (editors are closed with PERMISSIONS_CHANGED and come
 * back read-only) and the updates they had accepted are stored before the STATUS version is
 * taken. Approval records the SHA-256 of the canonical content of that version.
 */
export async function changeStatus(
  commitmentId: string,
  to: CommitmentStatus,
  actor: DraftActor | null,
): Promise<{ ok: true; version: number; approvedHash: string | null } | Failure> {
  const commitment = await getDraftCommitment(commitmentId);
  if (!commitment) return { ok: false, error: "not-found" };
  const from = commitment.status;
  if (!STATUS_FLOW[from].includes(to)) return { ok: false, error: "invalid" };
  if (!actor || !can.changeCommitmentStatus(actor, commitment, to)) return { ok: false, error: "forbidden" };

  let approvedHash: string | null = null;
  let versionNumber: number;
  if (to === "APPROVED") {
    // Nobody can edit an agreed commitment, so the content cannot move between the version, the
    // projection and the approval.
    const version = await createVersion(commitmentId, { name: to, kind: "STATUS", userId: actor.id });
    versionNumber = version.number;
    await projectDraft(commitmentId, version.content);
    approvedHash = contentHash(version.content);
    const hash = approvedHash;
    const moved = await prisma().$transaction(async (tx) => {
      const result = await tx.commitment.updateMany({
        where: { id: commitmentId, status: from },
        data: { status: to, approvedHash: hash, approvedAt: new Date() },
      });
      if (result.count > 0) {
        await appendAct(tx, {
          kind: "commitment.approved",
          subjectType: "commitment",
          subjectId: commitmentId,
          commitmentId,
          actorId: actor.id,
          sector: actor.memberships[0]?.sector ?? null,
          data: { from, to, version: versionNumber, contentSha256: hash, documentShape: contentShape(version.content) },
        });
      }
      return result;
    }, LEDGER_TRANSACTION);
    if (moved.count === 0) return { ok: false, error: "invalid" };
    await eventBus().publishAndWait("collab.access", { room: room(commitmentId) });
  } else {
    const moved = await prisma().$transaction(async (tx) => {
      const result = await tx.commitment.updateMany({
        where: { id: commitmentId, status: from },
        data: { status: to },
      });
      if (result.count > 0) {
        await appendAct(tx, {
          kind: "commitment.status",
          subjectType: "commitment",
          subjectId: commitmentId,
          commitmentId,
          actorId: actor.id,
          sector: actor.memberships[0]?.sector ?? null,
          data: { from, to },
        });
      }
      return result;
    }, LEDGER_TRANSACTION);
    if (moved.count === 0) return { ok: false, error: "invalid" };
    await eventBus().publishAndWait("collab.access", { room: room(commitmentId) });
    const version = await createVersion(commitmentId, { name: to, kind: "STATUS", userId: actor.id });
    versionNumber = version.number;
    await projectDraft(commitmentId, version.content);
  }
  await recordActivity({
    kind: "commitment.status",
    actorId: actor.id,
    subjectType: "commitment",
    subjectId: commitmentId,
    summary: `El compromiso ${commitment.number}${titleSuffix(commitment)} pasó a «${es.commitmentStatus[to]}».`,
  });
  publish(`commitment:${commitmentId}`, "commitment.status", { status: to, version: versionNumber });
  return { ok: true, version: versionNumber, approvedHash };
}
