import type { CommentResponseStatus, Stance } from "~/generated/prisma/enums.ts";
import { COMMENT_MAX_DEPTH } from "./forms.ts";
import { appendAct } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can } from "~/utils/permissions.server.ts";
import { followerIds, mentionedUserIds, notify } from "./notifications.server.ts";
import {
  forbidden,
  invalid,
  isUniqueViolation,
  notFound,
  sectorOf,
  type Failure,
  type Participant,
} from "./common.server.ts";

// Threaded comments with a stance, on proposals and on commitment drafts (there optionally
// anchored to a passage by Yjs relative positions). Authors edit (the earlier text is kept as a
// revision) and delete (the text goes, the thread stays); anyone logged in reports; moderators
// hide with a recorded reason; the plan's team answers anchored draft comments with a status and
// a reason. Each act is appended to the public record in the same transaction.

export type CommentTarget = { type: "proposal"; id: string } | { type: "commitment"; id: string };

export type DraftAnchor = { field: string; start: string; end: string; quote: string };

const roomOf = (target: CommentTarget) => `${target.type}:${target.id}`;
const linkOf = (target: CommentTarget, commentId: string) =>
  target.type === "proposal"
    ? `/propuestas/${target.id}#comentario-${commentId}`
    : `/compromisos/${target.id}/comentarios#comentario-${commentId}`;

/** Every comment of a proposal or draft, oldest first, as the public sees them. */
export async function listComments(target: CommentTarget) {
  const rows = await prisma().comment.findMany({
    where: target.type === "proposal" ? { proposalId: target.id } : { commitmentId: target.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      parentId: true,
      depth: true,
      authorId: true,
      authorSector: true,
      stance: true,
      body: true,
      anchorField: true,
      anchorStart: true,
      anchorEnd: true,
      anchorQuote: true,
      editedAt: true,
      deletedAt: true,
      hiddenAt: true,
      hiddenReason: true,
      responseStatus: true,
      responseReason: true,
      respondedAt: true,
      createdAt: true,
      author: { select: { name: true } },
      revisions: { orderBy: { createdAt: "desc" }, select: { id: true, body: true, createdAt: true } },
    },
  });
  return rows.map((c) => {
    const removed = c.deletedAt !== null || c.hiddenAt !== null;
    return {
      id: c.id,
      parentId: c.parentId,
      depth: c.depth,
      authorId: removed ? null : c.authorId,
      authorName: removed ? null : c.author.name,
      authorSector: removed ? null : c.authorSector,
      stance: c.stance,
      body: removed ? null : c.body,
      anchor:
        c.anchorField && c.anchorStart && c.anchorEnd && !removed
          ? { field: c.anchorField, start: c.anchorStart, end: c.anchorEnd, quote: c.anchorQuote ?? "" }
          : null,
      edited: c.editedAt !== null,
      revisions: removed ? [] : c.revisions.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
      deleted: c.deletedAt !== null,
      hidden: c.hiddenAt !== null,
      hiddenReason: c.hiddenReason,
      response: c.responseStatus
        ? { status: c.responseStatus, reason: c.responseReason, at: c.respondedAt?.toISOString() ?? null }
        : null,
      createdAt: c.createdAt.toISOString(),
    };
  });
}

export type PublicComment = Awaited<ReturnType<typeof listComments>>[number];

export type NewComment = {
  body: string;
  stance: Stance;
  parentId?: string;
  submissionKey?: string;
  anchor?: DraftAnchor;
};

async function targetInfo(target: CommentTarget) {
  if (target.type === "proposal") {
    const p = await prisma().proposal.findUnique({
      where: { id: target.id },
      select: { id: true, planId: true, title: true, status: true, authorId: true, commitmentId: true },
    });
    if (!p) return null;
    return {
      title: p.title,
      planId: p.planId,
      closed: p.status === "WITHDRAWN",
      ownerIds: [p.authorId],
      commitmentId: p.commitmentId,
    };
  }
  const c = await prisma().commitment.findUnique({
    where: { id: target.id },
    select: { id: true, planId: true, number: true, title: true },
  });
  if (!c) return null;
  return {
    title: c.title ?? `Compromiso ${c.number}`,
    planId: c.planId,
    closed: false,
    ownerIds: [] as string[],
    commitmentId: c.id,
  };
}

/** Posts a comment or a reply; a resubmission with the same key returns the first comment. */
export async function postComment(
  actor: Participant | null,
  target: CommentTarget,
  input: NewComment,
): Promise<{ ok: true; id: string; created: boolean } | Failure> {
  const info = await targetInfo(target);
  if (!info) return notFound;
  if (!actor || !can.comment(actor)) return forbidden;
  if (info.closed) return invalid("participation.errors.withdrawn");
  if (input.submissionKey) {
    const existing = await prisma().comment.findUnique({
      where: { submissionKey: input.submissionKey },
      select: { id: true, authorId: true },
    });
    if (existing?.authorId === actor.id) return { ok: true, id: existing.id, created: false };
    if (existing) return invalid("participation.errors.duplicateSubmission");
  }
  let depth = 0;
  let parentAuthorId: string | null = null;
  if (input.parentId) {
    const parent = await prisma().comment.findUnique({
      where: { id: input.parentId },
      select: { id: true, depth: true, authorId: true, proposalId: true, commitmentId: true },
    });
    const sameTarget =
      parent && (target.type === "proposal" ? parent.proposalId === target.id : parent.commitmentId === target.id);
    if (!parent || !sameTarget) return invalid("participation.errors.parentInvalid");
    if (parent.depth >= COMMENT_MAX_DEPTH) return invalid("participation.errors.tooDeep");
    depth = parent.depth + 1;
    parentAuthorId = parent.authorId;
  }
  if (input.anchor && (target.type !== "commitment" || input.parentId)) {
    return invalid("participation.errors.anchorInvalid");
  }
  const sector = sectorOf(actor);
  let id: string;
  try {
    id = await prisma().$transaction(async (tx) => {
      const comment = await tx.comment.create({
        data: {
          proposalId: target.type === "proposal" ? target.id : null,
          commitmentId: target.type === "commitment" ? target.id : null,
          parentId: input.parentId ?? null,
          depth,
          authorId: actor.id,
          authorSector: sector,
          stance: input.stance,
          body: input.body,
          anchorField: input.anchor?.field ?? null,
          anchorStart: input.anchor?.start ?? null,
          anchorEnd: input.anchor?.end ?? null,
          anchorQuote: input.anchor?.quote.slice(0, 500) ?? null,
          submissionKey: input.submissionKey ?? null,
        },
        select: { id: true },
      });
      if (target.type === "proposal") {
        await tx.proposal.update({ where: { id: target.id }, data: { commentCount: { increment: 1 } } });
      }
      await appendAct(tx, {
        kind: "comment.posted",
        subjectType: "comment",
        subjectId: comment.id,
        actorId: actor.id,
        sector,
        commitmentId: info.commitmentId,
        data: {
          on: `${target.type}:${target.id}`,
          parentId: input.parentId ?? null,
          stance: input.stance,
          ...(input.anchor ? { anchorField: input.anchor.field } : {}),
        },
      });
      return comment.id;
    });
  } catch (error) {
    if (input.submissionKey && isUniqueViolation(error)) {
      const existing = await prisma().comment.findUnique({
        where: { submissionKey: input.submissionKey },
        select: { id: true, authorId: true },
      });
      if (existing?.authorId === actor.id) return { ok: true, id: existing.id, created: false };
    }
    throw error;
  }
  publish(roomOf(target), "comment", { commentId: id });
  const link = linkOf(target, id);
  const notified = new Set<string>([actor.id]);
  if (parentAuthorId && !notified.has(parentAuthorId)) {
    await notify([parentAuthorId], { kind: "reply", link, text: info.title, commentId: id, ...proposalRef(target) });
    notified.add(parentAuthorId);
  }
  const participants = await threadParticipants(target);
  const mentioned = mentionedUserIds(input.body, participants).filter((uid) => !notified.has(uid));
  if (mentioned.length > 0) {
    await notify(mentioned, { kind: "mention", link, text: info.title, commentId: id, ...proposalRef(target) });
    for (const uid of mentioned) notified.add(uid);
  }
  const followers = [...info.ownerIds, ...(await followerIds(target))].filter((uid) => !notified.has(uid));
  await notify(followers, { kind: "comment", link, text: info.title, commentId: id, ...proposalRef(target) });
  return { ok: true, id, created: true };
}

const proposalRef = (target: CommentTarget) => (target.type === "proposal" ? { proposalId: target.id } : {});

/** The people taking part in a thread (authors of the proposal and of its comments), for mentions. */
async function threadParticipants(target: CommentTarget) {
  const rows = await prisma().comment.findMany({
    where: target.type === "proposal" ? { proposalId: target.id } : { commitmentId: target.id },
    select: { author: { select: { id: true, name: true } } },
    distinct: ["authorId"],
  });
  const people = rows.map((r) => r.author);
  if (target.type === "proposal") {
    const p = await prisma().proposal.findUnique({
      where: { id: target.id },
      select: { author: { select: { id: true, name: true } } },
    });
    if (p) people.push(p.author);
  }
  return people;
}

async function commentForAct(commentId: string) {
  const c = await prisma().comment.findUnique({
    where: { id: commentId },
    select: {
      id: true,
      authorId: true,
      body: true,
      deletedAt: true,
      hiddenAt: true,
      proposalId: true,
      commitmentId: true,
      anchorField: true,
      parentId: true,
      proposal: { select: { commitmentId: true, title: true } },
    },
  });
  if (!c) return null;
  const target: CommentTarget = c.proposalId
    ? { type: "proposal", id: c.proposalId }
    : { type: "commitment", id: c.commitmentId ?? "" };
  return { ...c, target, commitmentId: c.commitmentId ?? c.proposal?.commitmentId ?? null };
}

/** Checks a comment belongs to the page it is acted on from (a proposal or a draft). */
export async function commentBelongsTo(commentId: string, target: CommentTarget): Promise<boolean> {
  const c = await commentForAct(commentId);
  return c !== null && c.target.type === target.type && c.target.id === target.id;
}

/** The author edits their comment; the earlier text is kept as a revision. */
export async function editComment(
  actor: Participant | null,
  commentId: string,
  body: string,
): Promise<{ ok: true } | Failure> {
  const c = await commentForAct(commentId);
  if (!c) return notFound;
  if (!actor || !can.editComment(actor, c)) return forbidden;
  if (c.hiddenAt) return invalid("participation.errors.hidden");
  if (c.body === body) return { ok: true };
  await prisma().$transaction(async (tx) => {
    await tx.commentRevision.create({ data: { commentId, body: c.body } });
    await tx.comment.update({ where: { id: commentId }, data: { body, editedAt: new Date() } });
    await appendAct(tx, {
      kind: "comment.edited",
      subjectType: "comment",
      subjectId: commentId,
      actorId: actor.id,
      sector: sectorOf(actor),
      commitmentId: c.commitmentId,
    });
  });
  publish(roomOf(c.target), "comment.edited", { commentId });
  return { ok: true };
}

/** The author deletes their comment: the text is removed, replies stay in the thread. */
export async function deleteComment(actor: Participant | null, commentId: string): Promise<{ ok: true } | Failure> {
  const c = await commentForAct(commentId);
  if (!c) return notFound;
  if (!actor || !can.editComment(actor, c)) return forbidden;
  await prisma().$transaction(async (tx) => {
    // The earlier revisions go with the text: a deleted comment keeps no words of its author.
    await tx.commentRevision.deleteMany({ where: { commentId } });
    await tx.comment.update({
      where: { id: commentId },
      data: { body: "", deletedAt: new Date(), anchorQuote: null },
    });
    await appendAct(tx, {
      kind: "comment.deleted",
      subjectType: "comment",
      subjectId: commentId,
      actorId: actor.id,
      sector: sectorOf(actor),
      commitmentId: c.commitmentId,
    });
  });
  publish(roomOf(c.target), "comment.deleted", { commentId });
  return { ok: true };
}

/** Earlier texts of a comment, newest first (public, unless it was deleted or hidden). */
export async function commentRevisions(commentId: string) {
  const c = await prisma().comment.findUnique({
    where: { id: commentId },
    select: { deletedAt: true, hiddenAt: true },
  });
  if (!c || c.deletedAt || c.hiddenAt) return [];
  const rows = await prisma().commentRevision.findMany({
    where: { commentId },
    orderBy: { createdAt: "desc" },
    select: { id: true, body: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Reports a comment to the moderators (once per person; a second report changes nothing). */
export async function reportComment(
  actor: Participant | null,
  commentId: string,
  reason: string,
): Promise<{ ok: true; changed: boolean } | Failure> {
  const c = await commentForAct(commentId);
  if (!c) return notFound;
  if (!actor || !can.reportComment(actor, c)) return forbidden;
  try {
    await prisma().commentReport.create({ data: { commentId, reporterId: actor.id, reason } });
    return { ok: true, changed: true };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: true, changed: false };
    throw error;
  }
}

/** Open reports, oldest first, for the moderators. */
export async function openReports() {
  const rows = await prisma().commentReport.findMany({
    where: { resolvedAt: null },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: {
      id: true,
      reason: true,
      createdAt: true,
      comment: { select: { id: true, body: true, hiddenAt: true, proposalId: true, commitmentId: true } },
    },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** A moderator hides (or restores) a comment, with the reason recorded in the public record. */
export async function moderateComment(
  actor: Participant | null,
  commentId: string,
  action: "hide" | "restore",
  reason: string,
): Promise<{ ok: true } | Failure> {
  const c = await commentForAct(commentId);
  if (!c) return notFound;
  if (!actor || !can.moderate(actor)) return forbidden;
  if ((action === "hide") === (c.hiddenAt !== null)) return { ok: true };
  const now = new Date();
  await prisma().$transaction(async (tx) => {
    await tx.comment.update({
      where: { id: commentId },
      data:
        action === "hide"
          ? { hiddenAt: now, hiddenReason: reason, hiddenById: actor.id }
          : { hiddenAt: null, hiddenReason: null, hiddenById: null },
    });
    await tx.commentReport.updateMany({ where: { commentId, resolvedAt: null }, data: { resolvedAt: now } });
    await appendAct(tx, {
      kind: action === "hide" ? "content.hidden" : "content.restored",
      subjectType: "comment",
      subjectId: commentId,
      actorId: actor.id,
      sector: sectorOf(actor),
      commitmentId: c.commitmentId,
      data: { reason },
      at: now,
    });
  });
  publish(roomOf(c.target), action === "hide" ? "comment.hidden" : "comment.restored", { commentId });
  return { ok: true };
}

/** The plan's team answers an anchored draft comment with a status and a reason. */
export async function respondToComment(
  actor: Participant | null,
  commentId: string,
  status: CommentResponseStatus,
  reason: string,
): Promise<{ ok: true } | Failure> {
  const c = await commentForAct(commentId);
  if (!c) return notFound;
  if (!actor || !can.respondToContribution(actor)) return forbidden;
  if (!c.anchorField || c.deletedAt || c.hiddenAt) return invalid("participation.errors.notAnswerable");
  const now = new Date();
  await prisma().$transaction(async (tx) => {
    await tx.comment.update({
      where: { id: commentId },
      data: { responseStatus: status, responseReason: reason, respondedAt: now, respondedById: actor.id },
    });
    await appendAct(tx, {
      kind: "comment.responded",
      subjectType: "comment",
      subjectId: commentId,
      actorId: actor.id,
      sector: sectorOf(actor),
      commitmentId: c.commitmentId,
      data: { status, reason },
      at: now,
    });
  });
  publish(roomOf(c.target), "comment.responded", { commentId });
  await notify(
    [c.authorId],
    { kind: "response", link: linkOf(c.target, commentId), text: c.body.slice(0, 120), commentId },
    actor.id,
  );
  return { ok: true };
}
