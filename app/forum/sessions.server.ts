import { randomUUID } from "node:crypto";
import {
  computeQuorum,
  isOverdue,
  monthlyDates,
  tallyVotes,
  type AgendaKind,
  type AttendanceStatus,
  type QuorumRule,
} from "./rules.ts";
import { prisma } from "~/utils/db.server.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";
import { type ForumMemberRow, getRules, listMembers, seatOf } from "./members.server.ts";
import { type ForumFailure, type Ok, announce } from "./forum.server.ts";

// Sessions before and around the meeting: listing, scheduling (with repeats), the agenda, members'
// confirmations and the quorum.
// ---- sessions --------------------------------------------------------------------------------------

/** The next scheduled session of the Foro Multiactor, or null. */
export function getNextForumSession(now = new Date()) {
  return prisma().forumSession.findFirst({
    where: { status: "SCHEDULED", scheduledAt: { gte: now } },
    orderBy: { scheduledAt: "asc" },
    select: { id: true, title: true, scheduledAt: true, location: true, isDemo: true },
  });
}

/** How many forum members each sector has. */
export async function forumMembersBySector() {
  const groups = await prisma().forumMember.groupBy({ by: ["sector"], _count: { _all: true } });
  return groups.map((g) => ({ sector: g.sector, count: g._count._all }));
}

export async function listSessions() {
  return prisma().forumSession.findMany({
    orderBy: { scheduledAt: "desc" },
    select: {
      id: true,
      number: true,
      title: true,
      scheduledAt: true,
      location: true,
      status: true,
      isDemo: true,
      quorumReached: true,
      minutesStatus: true,
      minutesHash: true,
      _count: { select: { agendaItems: true, motions: true, agreements: true } },
    },
  });
}

/** The quorum of a session now, from its roll call and the current members. */
export async function sessionQuorum(sessionId: string, members?: ForumMemberRow[], rule?: QuorumRule) {
  const [m, r, rows] = await Promise.all([
    members ?? listMembers(),
    rule ?? getRules(),
    prisma().forumAttendance.findMany({ where: { sessionId }, select: { memberId: true, status: true } }),
  ]);
  return computeQuorum(m, new Map(rows.map((row) => [row.memberId, row.status])), r);
}

/** Everything about one session, for its page, its live mode and the API; null if unknown. */
export async function getSession(sessionId: string, now = new Date()) {
  const session = await prisma().forumSession.findUnique({
    where: { id: sessionId },
    include: {
      agendaItems: { orderBy: { position: "asc" } },
      attendances: true,
      motions: {
        orderBy: { openedAt: "asc" },
        include: { votes: { select: { memberId: true, choice: true, sector: true } } },
      },
      agreements: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!session) return null;
  const [members, rules] = await Promise.all([listMembers(now), getRules()]);
  const attendanceMap = new Map(session.attendances.map((a) => [a.memberId, a]));
  // Members of the session: the current members, plus anyone who attended and has since left.
  const roster = members.map((m) => ({
    memberId: m.id,
    name: m.name,
    role: m.role,
    sector: m.sector,
    organization: m.organization.name,
    region: m.region?.name ?? null,
    userId: m.userId,
    rsvp: attendanceMap.get(m.id)?.rsvp ?? null,
    status: (attendanceMap.get(m.id)?.status ?? null) as AttendanceStatus | null,
  }));
  const quorum = computeQuorum(members, new Map(session.attendances.map((a) => [a.memberId, a.status])), rules);
  const motions = session.motions.map((motion) => ({
    id: motion.id,
    text: motion.text,
    status: motion.status,
    agendaItemId: motion.agendaItemId,
    commitmentId: motion.commitmentId,
    openedAt: motion.openedAt,
    closedAt: motion.closedAt,
    tally: tallyVotes(motion.votes),
    voterIds: motion.votes.map((v) => v.memberId),
  }));
  const agreements = session.agreements.map((a) => ({ ...a, overdue: isOverdue(a, now) }));
  const { attendances: _a, motions: _m, agreements: _g, ...rest } = session;
  return { ...rest, roster, quorum, motions, agreements, rules };
}
export type SessionDetail = NonNullable<Awaited<ReturnType<typeof getSession>>>;

export async function sessionState(sessionId: string) {
  return prisma().forumSession.findUnique({
    where: { id: sessionId },
    select: { id: true, status: true, minutesStatus: true, title: true, number: true },
  });
}

/**
 * The secretariat schedules a session, or a monthly series of them (same weekday of the same week
 * of each month, `repeat` sessions in all).
 */
export async function scheduleSessions(
  actor: Actor,
  input: { title: string; scheduledAt: Date; location: string | null; repeat: number },
): Promise<Ok<{ ids: string[] }> | ForumFailure> {
  const seat = await seatOf(actor);
  if (!can.scheduleForumSession(actor, seat)) return { ok: false, error: "forbidden" };
  if (!input.title.trim() || Number.isNaN(input.scheduledAt.getTime()) || input.repeat < 1 || input.repeat > 12) {
    return { ok: false, error: "invalid" };
  }
  const dates = monthlyDates(input.scheduledAt, input.repeat);
  const seriesId = input.repeat > 1 ? randomUUID() : null;
  const ids = await prisma().$transaction(async (tx) => {
    const last = await tx.forumSession.aggregate({ _max: { number: true } });
    let number = last._max.number ?? 0;
    const created: string[] = [];
    for (const scheduledAt of dates) {
      number += 1;
      const row = await tx.forumSession.create({
        data: { title: input.title.trim(), scheduledAt, location: input.location, seriesId, number },
        select: { id: true },
      });
      created.push(row.id);
    }
    return created;
  });
  announce(null, "scheduled");
  return { ok: true, ids };
}

// ---- agenda ----------------------------------------------------------------------------------------

/**
 * A member or the secretariat adds an agenda item. Items linking to a commitment or an agreement
 * are checked and titled from the database; proposals and progress reports keep the id and title
 * given (they live in other parts of Minka), and "other" items have no link.
 */
export async function addAgendaItem(
  actor: Actor,
  sessionId: string,
  input: { title: string; kind: AgendaKind; targetId: string | null },
): Promise<Ok<{ id: string }> | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.proposeAgendaItem(actor, seat, session)) return { ok: false, error: "forbidden" };
  let targetTitle: string | null = null;
  let targetId = input.targetId?.trim() || null;
  if (input.kind === "other") targetId = null;
  else if (!targetId) return { ok: false, error: "invalid", reason: "target-required" };
  if (input.kind === "commitment" && targetId) {
    const c = await prisma().commitment.findUnique({
      where: { id: targetId },
      select: { number: true, title: true, titleEn: true },
    });
    if (!c) return { ok: false, error: "invalid", reason: "target-unknown" };
    targetTitle = `Compromiso ${c.number}${c.title || c.titleEn ? `: ${c.title ?? c.titleEn}` : ""}`;
  } else if (input.kind === "agreement" && targetId) {
    const a = await prisma().forumAgreement.findUnique({ where: { id: targetId }, select: { text: true } });
    if (!a) return { ok: false, error: "invalid", reason: "target-unknown" };
    targetTitle = a.text;
  }
  const title = input.title.trim() || targetTitle;
  if (!title) return { ok: false, error: "invalid" };
  const item = await prisma().$transaction(async (tx) => {
    const last = await tx.forumAgendaItem.aggregate({ where: { sessionId }, _max: { position: true } });
    return tx.forumAgendaItem.create({
      data: {
        sessionId,
        position: (last._max.position ?? 0) + 1,
        title,
        kind: input.kind,
        targetId,
        targetTitle,
        proposedBy: actor.id,
      },
      select: { id: true },
    });
  });
  announce(sessionId, "agenda");
  return { ok: true, id: item.id };
}

/** The secretariat removes an agenda item (the others are renumbered). */
export async function removeAgendaItem(actor: Actor, sessionId: string, itemId: string): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const item = await prisma().forumAgendaItem.findFirst({ where: { id: itemId, sessionId }, select: { id: true } });
  if (!item) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!can.editForumAgenda(actor, seat, session)) return { ok: false, error: "forbidden" };
  await prisma().$transaction(async (tx) => {
    await tx.forumAgendaItem.delete({ where: { id: itemId } });
    const rest = await tx.forumAgendaItem.findMany({ where: { sessionId }, orderBy: { position: "asc" } });
    for (const [i, row] of rest.entries()) {
      if (row.position !== i + 1) await tx.forumAgendaItem.update({ where: { id: row.id }, data: { position: i + 1 } });
    }
  });
  announce(sessionId, "agenda");
  return { ok: true };
}

// ---- attendance ------------------------------------------------------------------------------------

/** A member confirms (YES) or declines (NO) attendance before the session. */
export async function confirmAttendance(
  actor: Actor,
  sessionId: string,
  rsvp: "YES" | "NO",
): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!seat || !can.confirmForumAttendance(actor, seat, session)) return { ok: false, error: "forbidden" };
  await prisma().forumAttendance.upsert({
    where: { sessionId_memberId: { sessionId, memberId: seat.memberId } },
    create: { sessionId, memberId: seat.memberId, rsvp },
    update: { rsvp },
  });
  announce(sessionId, "rsvp");
  return { ok: true };
}
