import { agendaHeading, appendToSection, fillSkeleton } from "./minutes-doc.ts";
import {
  isOverdue,
  SECTORS,
  tallyVotes,
  voteRefusal,
  type AgreementStatus,
  type AttendanceStatus,
  type Tally,
  type VoteChoice,
  type VoteRefusal,
} from "./rules.ts";
import es from "~/locales/es.ts";
import { recordActivity } from "~/record/activity.server.ts";
import { appendAct } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { limaDay } from "~/utils/format.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { listMembers, seatOf } from "./members.server.ts";
import { sessionQuorum, sessionState } from "./sessions.server.ts";
import { changeMinutes } from "./minutes.server.ts";
import { type ForumFailure, type Ok, announce, minutesRoom } from "./forum.server.ts";

// A session as it is held: the chair opens it, takes the roll call, opens and closes motions that
// members vote on, records agreements (followed until done) and closes it. Results and agreements
// are written into the live minutes by the server.
// ---- running a session -----------------------------------------------------------------------------

/** The chair or the secretariat opens the session; the minutes start with the agenda as skeleton. */
export async function startSession(actor: Actor, sessionId: string): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!can.startForumSession(actor, seat, session)) return { ok: false, error: "forbidden" };
  const moved = await prisma().forumSession.updateMany({
    where: { id: sessionId, status: "SCHEDULED" },
    data: { status: "IN_PROGRESS", startedAt: new Date() },
  });
  if (moved.count === 0) return { ok: false, error: "invalid" };
  const items = await prisma().forumAgendaItem.findMany({ where: { sessionId }, orderBy: { position: "asc" } });
  await changeMinutes(sessionId, (doc) => fillSkeleton(doc, items));
  await eventBus().publishAndWait("collab.access", { room: minutesRoom(sessionId) });
  announce(sessionId, "started");
  return { ok: true };
}

/** The roll call: one status per member (members not listed keep theirs). */
export async function takeRollCall(
  actor: Actor,
  sessionId: string,
  statuses: ReadonlyMap<string, AttendanceStatus>,
): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!can.takeRollCall(actor, seat, session)) return { ok: false, error: "forbidden" };
  const members = new Set((await listMembers()).map((m) => m.id));
  for (const id of statuses.keys())
    if (!members.has(id)) return { ok: false, error: "invalid", reason: "unknown-member" };
  await prisma().$transaction(
    [...statuses].map(([memberId, status]) =>
      prisma().forumAttendance.upsert({
        where: { sessionId_memberId: { sessionId, memberId } },
        create: { sessionId, memberId, status },
        update: { status },
      }),
    ),
  );
  announce(sessionId, "roll-call");
  return { ok: true };
}

/** Closes the session (held): its quorum is recorded and the act appended to the public record. */
export async function endSession(actor: Actor, sessionId: string): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.endForumSession(actor, seat, session)) return { ok: false, error: "forbidden" };
  const open = await prisma().forumMotion.count({ where: { sessionId, status: "OPEN" } });
  if (open > 0) return { ok: false, error: "invalid", reason: "motions-open" };
  const quorum = await sessionQuorum(sessionId);
  const ended = await prisma().$transaction(async (tx) => {
    const moved = await tx.forumSession.updateMany({
      where: { id: sessionId, status: "IN_PROGRESS" },
      data: { status: "HELD", endedAt: new Date(), quorumReached: quorum.reached },
    });
    if (moved.count === 0) return false;
    await appendAct(tx, {
      kind: "forum.session.held",
      subjectType: "forum-session",
      subjectId: sessionId,
      actorId: actor.id,
      sector: seat?.sector ?? null,
      data: {
        quorumReached: quorum.reached,
        attending: quorum.attending,
        members: quorum.total,
        attendingBySector: Object.fromEntries(SECTORS.map((s) => [s, quorum.bySector[s].attending])),
      },
    });
    return true;
  });
  if (!ended) return { ok: false, error: "invalid" };
  await recordActivity({
    kind: "forum.session.held",
    actorId: actor.id,
    subjectType: "forum-session",
    subjectId: sessionId,
    summary: `Se realizó la sesión del Foro Multiactor «${session.title}».`,
  });
  announce(sessionId, "held");
  return { ok: true };
}

// ---- motions and votes -----------------------------------------------------------------------------

/** The chair puts a motion to a vote (optionally under an agenda item; a commitment item links it). */
export async function openMotion(
  actor: Actor,
  sessionId: string,
  input: { text: string; agendaItemId: string | null },
): Promise<Ok<{ id: string }> | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.putMotionToVote(actor, seat, session)) return { ok: false, error: "forbidden" };
  const text = input.text.trim();
  if (!text || text.length > 2000) return { ok: false, error: "invalid" };
  let commitmentId: string | null = null;
  if (input.agendaItemId) {
    const item = await prisma().forumAgendaItem.findFirst({ where: { id: input.agendaItemId, sessionId } });
    if (!item) return { ok: false, error: "invalid", reason: "unknown-agenda-item" };
    if (item.kind === "commitment") commitmentId = item.targetId;
  }
  const motion = await prisma().forumMotion.create({
    data: { sessionId, text, agendaItemId: input.agendaItemId, commitmentId, openedById: actor.id },
    select: { id: true },
  });
  announce(sessionId, "motion");
  return { ok: true, id: motion.id };
}

export type VoteResult = Ok | { ok: false; error: "not-found" | "forbidden"; reason: VoteRefusal };

/** A member votes on an open motion: once, while it is open, if present or remote. */
export async function castVote(actor: Actor, motionId: string, choice: VoteChoice): Promise<VoteResult | ForumFailure> {
  const motion = await prisma().forumMotion.findUnique({
    where: { id: motionId },
    select: { id: true, sessionId: true, status: true },
  });
  if (!motion) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  const attendance = seat
    ? await prisma().forumAttendance.findUnique({
        where: { sessionId_memberId: { sessionId: motion.sessionId, memberId: seat.memberId } },
        select: { status: true },
      })
    : null;
  const already = seat ? (await prisma().forumVote.count({ where: { motionId, memberId: seat.memberId } })) > 0 : false;
  const refusal = voteRefusal({
    loggedIn: actor !== null,
    seat,
    motionStatus: motion.status,
    attendance: attendance?.status,
    alreadyVoted: already,
  });
  if (refusal || !seat) return { ok: false, error: "forbidden", reason: refusal ?? "not-member" };
  try {
    // The motion must still be open when the vote is written (the chair may close it meanwhile).
    const stored = await prisma().$transaction(async (tx) => {
      const still = await tx.forumMotion.count({ where: { id: motionId, status: "OPEN" } });
      if (still === 0) return false;
      await tx.forumVote.create({ data: { motionId, memberId: seat.memberId, choice, sector: seat.sector } });
      return true;
    });
    if (!stored) return { ok: false, error: "forbidden", reason: "motion-closed" };
  } catch {
    // The primary key (motion, member) refused a second vote cast at the same moment.
    return { ok: false, error: "forbidden", reason: "already-voted" };
  }
  announce(motion.sessionId, "vote");
  return { ok: true };
}

export function tallyLine(t: Tally): string {
  return `A favor: ${t.FOR} · En contra: ${t.AGAINST} · Abstenciones: ${t.ABSTAIN}`;
}

export function sectorLine(t: Tally): string {
  return SECTORS.map((s) => {
    const v = t.bySector[s];
    return `${es.sectors[s]}: ${v.FOR}/${v.AGAINST}/${v.ABSTAIN}`;
  }).join(" · ");
}

export async function headingFor(agendaItemId: string | null): Promise<string | null> {
  if (!agendaItemId) return null;
  const item = await prisma().forumAgendaItem.findUnique({
    where: { id: agendaItemId },
    select: { position: true, title: true },
  });
  return item ? agendaHeading(item.position, item.title) : null;
}

/** The chair closes the vote: the result is decided, recorded, and written into the minutes. */
export async function closeMotion(actor: Actor, motionId: string): Promise<Ok<{ passed: boolean }> | ForumFailure> {
  const motion = await prisma().forumMotion.findUnique({ where: { id: motionId } });
  if (!motion) return { ok: false, error: "not-found" };
  const session = await sessionState(motion.sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.closeMotion(actor, seat, session)) return { ok: false, error: "forbidden" };
  const result = await prisma().$transaction(async (tx) => {
    const votes = await tx.forumVote.findMany({ where: { motionId }, select: { choice: true, sector: true } });
    const tally = tallyVotes(votes);
    const status = tally.passed ? "PASSED" : "REJECTED";
    const moved = await tx.forumMotion.updateMany({
      where: { id: motionId, status: "OPEN" },
      data: { status, closedAt: new Date() },
    });
    if (moved.count === 0) return null;
    await appendAct(tx, {
      kind: "forum.motion.decided",
      subjectType: "forum-motion",
      subjectId: motionId,
      actorId: actor.id,
      sector: seat?.sector ?? null,
      commitmentId: motion.commitmentId,
      data: {
        sessionId: motion.sessionId,
        result: status,
        for: tally.FOR,
        against: tally.AGAINST,
        abstain: tally.ABSTAIN,
        bySector: Object.fromEntries(SECTORS.map((s) => [s, { ...tally.bySector[s] }])),
      },
    });
    return tally;
  });
  if (!result) return { ok: false, error: "invalid", reason: "motion-closed" };
  const heading = await headingFor(motion.agendaItemId);
  await changeMinutes(motion.sessionId, (doc) =>
    appendToSection(doc, heading, [
      `Moción: «${motion.text}» — ${result.passed ? "APROBADA" : "RECHAZADA"}. ${tallyLine(result)}.`,
      `Votos por sector (a favor/en contra/abstenciones): ${sectorLine(result)}.`,
    ]),
  );
  announce(motion.sessionId, "motion");
  return { ok: true, passed: result.passed };
}

// ---- agreements ------------------------------------------------------------------------------------

/** The chair or the secretariat records an agreement with a responsible and a due date. */
export async function recordAgreement(
  actor: Actor,
  sessionId: string,
  input: { text: string; responsible: string; dueDate: Date; agendaItemId: string | null },
): Promise<Ok<{ id: string }> | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.recordForumAgreement(actor, seat, session)) return { ok: false, error: "forbidden" };
  if (!input.text.trim() || !input.responsible.trim() || Number.isNaN(input.dueDate.getTime())) {
    return { ok: false, error: "invalid" };
  }
  let commitmentId: string | null = null;
  if (input.agendaItemId) {
    const item = await prisma().forumAgendaItem.findFirst({ where: { id: input.agendaItemId, sessionId } });
    if (!item) return { ok: false, error: "invalid", reason: "unknown-agenda-item" };
    if (item.kind === "commitment") commitmentId = item.targetId;
  }
  const agreement = await prisma().$transaction(async (tx) => {
    const row = await tx.forumAgreement.create({
      data: {
        sessionId,
        agendaItemId: input.agendaItemId,
        text: input.text.trim(),
        responsible: input.responsible.trim(),
        dueDate: input.dueDate,
        commitmentId,
        createdById: actor.id,
      },
    });
    await appendAct(tx, {
      kind: "forum.agreement.made",
      subjectType: "forum-agreement",
      subjectId: row.id,
      actorId: actor.id,
      sector: seat?.sector ?? null,
      commitmentId,
      data: { sessionId, dueDate: limaDay(row.dueDate) },
    });
    return row;
  });
  const heading = await headingFor(input.agendaItemId);
  await changeMinutes(sessionId, (doc) =>
    appendToSection(doc, heading, [
      `Acuerdo: «${agreement.text}». Responsable: ${agreement.responsible}. Plazo: ${limaDay(agreement.dueDate)}.`,
    ]),
  );
  announce(sessionId, "agreement");
  return { ok: true, id: agreement.id };
}

/** Follow-up of an agreement: its status and evidence; done is recorded once. */
export async function updateAgreement(
  actor: Actor,
  agreementId: string,
  input: { status: AgreementStatus; evidence: string | null },
): Promise<Ok | ForumFailure> {
  const agreement = await prisma().forumAgreement.findUnique({ where: { id: agreementId } });
  if (!agreement) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.followUpForumAgreement(actor, seat)) return { ok: false, error: "forbidden" };
  if (input.status === "DONE" && !input.evidence?.trim() && !agreement.evidence) {
    return { ok: false, error: "invalid", reason: "evidence-required" };
  }
  const evidence = input.evidence?.trim() || agreement.evidence;
  await prisma().$transaction(async (tx) => {
    const becomesDone = input.status === "DONE" && agreement.status !== "DONE";
    await tx.forumAgreement.update({
      where: { id: agreementId },
      data: {
        status: input.status,
        evidence,
        doneAt: input.status === "DONE" ? (agreement.doneAt ?? new Date()) : null,
      },
    });
    if (becomesDone) {
      await appendAct(tx, {
        kind: "forum.agreement.done",
        subjectType: "forum-agreement",
        subjectId: agreementId,
        actorId: actor.id,
        sector: seat?.sector ?? null,
        commitmentId: agreement.commitmentId,
        data: { sessionId: agreement.sessionId, dueDate: limaDay(agreement.dueDate) },
      });
    }
  });
  announce(agreement.sessionId, "agreement");
  return { ok: true };
}

/** Every agreement, for follow-up: open ones first, overdue highlighted. */
export async function listAgreements(now = new Date()) {
  const rows = await prisma().forumAgreement.findMany({
    orderBy: [{ dueDate: "asc" }],
    include: { session: { select: { id: true, title: true, number: true, scheduledAt: true } } },
  });
  return rows
    .map((a) => ({ ...a, overdue: isOverdue(a, now) }))
    .sort((a, b) => Number(a.status === "DONE") - Number(b.status === "DONE"));
}
