import { roomName } from "~/collab/protocol.ts";
import { prisma } from "~/utils/db.server.ts";
import type { Actor } from "~/utils/permissions.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

// A commitment's draft as the drafting pages need it (the resource, its team, the 404), and the
// shared pieces of the drafting domain's history modules:
//
//   authorship.server.ts  who wrote what: the author map and the contributors by person and sector
//   history.server.ts     versions (list, view, named) and restoring one as a new change
//   compare.server.ts     two states side by side, field by field, with who inserted and deleted
//   diff.ts               the word diff those comparisons are made of (pure)
//   workflow.server.ts    status changes: draft → consultation → agreed → approved (fingerprinted)
//   team.server.ts        the drafting team
//
// The document itself (CollabUpdate, CollabSnapshot, CollabAuthor) is read and written by
// document.ts, seed, authors, attribution, versions, restore, project, storage and compaction in
// this folder; server/collab is only the transport that serves it live.
//
// Authorisation happens here, on the server, for every change: versions and restores take
// can.editCommitment (the drafting team or the secretariat, while it is a draft); a named version
// may also be taken by the secretariat at any status; status changes take
// can.changeCommitmentStatus along STATUS_FLOW.

export type DraftActor = NonNullable<Actor> & { name?: string };

export type Failure = { ok: false; error: "not-found" | "forbidden" | "invalid" };

export const room = (commitmentId: string) => roomName("commitment", commitmentId);

/** The commitment as the permission rules need it, with what history pages show. */
export async function getDraftCommitment(commitmentId: string) {
  const c = await prisma().commitment.findUnique({
    where: { id: commitmentId },
    select: {
      id: true,
      number: true,
      title: true,
      titleEn: true,
      status: true,
      approvedHash: true,
      approvedAt: true,
      plan: { select: { id: true, name: true, isDemo: true } },
      team: { select: { userId: true } },
    },
  });
  if (!c) return null;
  const { team, approvedAt, ...rest } = c;
  return { ...rest, approvedAt: approvedAt?.toISOString() ?? null, teamUserIds: team.map((m) => m.userId) };
}

export type DraftCommitment = NonNullable<Awaited<ReturnType<typeof getDraftCommitment>>>;

/** The commitment for a page under it, or a 404 thrown as a Response. */
export async function requireDraftCommitment(
  request: Request,
  commitmentId: string | undefined,
): Promise<DraftCommitment> {
  const commitment = await getDraftCommitment(commitmentId ?? "");
  if (!commitment) throw textResponse(request, 404, "responses.commitmentNotFound");
  return commitment;
}

/** " «title»" for activity summaries, or nothing for an untitled commitment. */
export function titleSuffix(commitment: { title: string | null; titleEn: string | null }): string {
  const title = commitment.title ?? commitment.titleEn;
  return title ? ` «${title.length > 80 ? `${title.slice(0, 79)}…` : title}»` : "";
}
