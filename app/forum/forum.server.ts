import { createHash, randomUUID } from "node:crypto";
import * as Y from "yjs";
import { roomName } from "~/collab/protocol.ts";
import { agendaHeading, appendToSection, fillSkeleton, minutesFragment, minutesToMarkdown } from "./minutes-doc.ts";
import {
  computeQuorum,
  computeStandards,
  hasVote,
  isForumRole,
  isOverdue,
  monthlyDates,
  SECTORS,
  tallyVotes,
  voteRefusal,
  type AgendaKind,
  type AgreementStatus,
  type AttendanceStatus,
  type QuorumRule,
  type Tally,
  type VoteChoice,
  type VoteRefusal,
} from "./rules.ts";
import type { Sector } from "~/generated/prisma/enums.ts";
import es from "~/locales/es.ts";
import { recordActivity } from "~/record/activity.server.ts";
import { appendAct } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { limaDay } from "~/utils/format.ts";
import { publish } from "~/utils/live.server.ts";
import { FORUM_LIVE_ROOM, sessionLiveRoom } from "./live.ts";
import { can, type Actor, type ForumSeat } from "~/utils/permissions.server.ts";
import { storeServerUpdate } from "~/drafting/authors.server.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { applyStoredState, readStoredState } from "~/drafting/stored-state.server.ts";

// The Foro Multiactor: its composition and rules, its sessions before (schedule, agenda,
// confirmations), during (roll call and quorum, motions and votes, agreements, minutes written
// live in room `session/<id>`) and after (minutes circulated, approved, frozen and fingerprinted;
// agreements followed until done), and the OGP standards panel.
//
// Every change is authorised here with the rules of permissions.server.ts; every act of the
// public record (forum.session.held, forum.motion.decided, forum.agreement.made/done,
// forum.minutes.approved) is appended in the same transaction as the change it records.

export type ForumFailure = { ok: false; error: "not-found" | "forbidden" | "invalid"; reason?: string };
type Ok<T = object> = { ok: true } & T;

const RULES_ID = "forum";
const minutesRoom = (sessionId: string) => roomName("session", sessionId);

/** Tells the session's pages (and the forum's) that something changed; they reload their data. */
function announce(sessionId: string | null, type: string): void {
  if (sessionId) publish(sessionLiveRoom(sessionId), type);
  publish(FORUM_LIVE_ROOM, type);
}

// ---- composition and rules -------------------------------------------------------------------------

const activeTerm = (now: Date) => ({
  AND: [
    { OR: [{ termEnd: null }, { termEnd: { gte: now } }] },
    { OR: [{ termStart: null }, { termStart: { lte: now } }] },
  ],
});

/** The current members (term not ended), with their institution and region. */
export async function listMembers(now = new Date()) {
  const rows = await prisma.forumMember.findMany({
    where: activeTerm(now),
    select: {
      id: true,
      name: true,
      role: true,
      sector: true,
      termStart: true,
      termEnd: true,
      userId: true,
      organization: { select: { name: true, slug: true, acronym: true } },
      region: { select: { id: true, name: true } },
      user: { select: { name: true } },
    },
    orderBy: [{ sector: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(({ user, ...m }) => ({ ...m, name: m.name ?? user?.name ?? null }));
}
export type ForumMemberRow = Awaited<ReturnType<typeof listMembers>>[number];

/** The actor's seat in the forum (a current member), or null. The strongest role wins. */
export async function seatOf(actor: Actor, now = new Date()): Promise<ForumSeat> {
  if (!actor) return null;
  const rows = await prisma.forumMember.findMany({
    where: { userId: actor.id, ...activeTerm(now) },
    select: { id: true, role: true, sector: true },
  });
  const order = ["chair", "secretary", "member", "alternate"];
  rows.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  const row = rows[0];
  return row ? { memberId: row.id, role: row.role, sector: row.sector } : null;
}

export async function getRules() {
  const rules = await prisma.forumRules.findUnique({ where: { id: RULES_ID } });
  return (
    rules ?? {
      id: RULES_ID,
      text: "",
      quorumMajority: true,
      quorumEachSector: true,
      publishedAt: null,
      updatedAt: new Date(0),
    }
  );
}

/** The secretariat publishes the rules (reglamento) and sets the quorum rule. */
export async function publishRules(
  actor: Actor,
  input: { text: string; quorumMajority: boolean; quorumEachSector: boolean },
): Promise<Ok | ForumFailure> {
  const seat = await seatOf(actor);
  if (!can.scheduleForumSession(actor, seat)) return { ok: false, error: "forbidden" };
  if (!input.text.trim()) return { ok: false, error: "invalid" };
  const data = { ...input, publishedAt: new Date() };
  await prisma.forumRules.upsert({ where: { id: RULES_ID }, create: { id: RULES_ID, ...data }, update: data });
  announce(null, "rules");
  return { ok: true };
}

/**
 * The secretariat adds a member: an organisation (its sector is the member's), the person's name,
 * optionally their account (by email), region, role and term.
 */
export async function addMember(
  actor: Actor,
  input: {
    organizationId: string;
    name: string;
    email: string | null;
    regionId: string | null;
    role: string;
    termStart: Date;
    termEnd: Date | null;
  },
): Promise<Ok<{ id: string }> | ForumFailure> {
  if (!can.manageForum(actor)) return { ok: false, error: "forbidden" };
  if (!isForumRole(input.role) || !input.name.trim()) return { ok: false, error: "invalid" };
  if (input.termEnd && input.termEnd.getTime() <= input.termStart.getTime()) {
    return { ok: false, error: "invalid", reason: "term" };
  }
  const org = await prisma.organization.findUnique({ where: { id: input.organizationId }, select: { sector: true } });
  if (!org) return { ok: false, error: "invalid", reason: "unknown-organization" };
  if (input.regionId && !(await prisma.territory.findUnique({ where: { id: input.regionId }, select: { id: true } }))) {
    return { ok: false, error: "invalid", reason: "unknown-region" };
  }
  let userId: string | null = null;
  if (input.email) {
    const user = await prisma.user.findUnique({ where: { email: input.email.toLowerCase() }, select: { id: true } });
    if (!user) return { ok: false, error: "invalid", reason: "unknown-account" };
    userId = user.id;
  }
  const member = await prisma.forumMember.create({
    data: {
      organizationId: input.organizationId,
      sector: org.sector,
      name: input.name.trim(),
      userId,
      regionId: input.regionId,
      role: input.role,
      termStart: input.termStart,
      termEnd: input.termEnd,
    },
    select: { id: true },
  });
  announce(null, "members");
  return { ok: true, id: member.id };
}

/** The secretariat ends a member's term today: they leave the composition (past sessions keep them). */
export async function endMemberTerm(actor: Actor, memberId: string): Promise<Ok | ForumFailure> {
  const member = await prisma.forumMember.findUnique({ where: { id: memberId }, select: { id: true } });
  if (!member) return { ok: false, error: "not-found" };
  if (!can.manageForum(actor)) return { ok: false, error: "forbidden" };
  await prisma.forumMember.update({ where: { id: memberId }, data: { termEnd: new Date(Date.now() - 1000) } });
  announce(null, "members");
  return { ok: true };
}

/** The composition: members by sector and by region, and the rules. */
export async function getComposition(now = new Date()) {
  const [members, rules] = await Promise.all([listMembers(now), getRules()]);
  const bySector = SECTORS.map((sector) => ({ sector, members: members.filter((m) => m.sector === sector) }));
  const regions = new Map<string, { region: string; count: number; bySector: Record<Sector, number> }>();
  for (const m of members) {
    const name = m.region?.name ?? "—";
    const entry = regions.get(name) ?? {
      region: name,
      count: 0,
      bySector: Object.fromEntries(SECTORS.map((s) => [s, 0])) as Record<Sector, number>,
    };
    entry.count += 1;
    entry.bySector[m.sector] += 1;
    regions.set(name, entry);
  }
  return {
    members,
    bySector,
    byRegion: [...regions.values()].sort((a, b) => b.count - a.count || a.region.localeCompare(b.region)),
    rules,
  };
}

// ---- sessions --------------------------------------------------------------------------------------

/** The next scheduled session of the Foro Multiactor, or null. */
export function getNextForumSession(now = new Date()) {
  return prisma.forumSession.findFirst({
    where: { status: "SCHEDULED", scheduledAt: { gte: now } },
    orderBy: { scheduledAt: "asc" },
    select: { id: true, title: true, scheduledAt: true, location: true, isDemo: true },
  });
}

/** How many forum members each sector has. */
export async function forumMembersBySector() {
  const groups = await prisma.forumMember.groupBy({ by: ["sector"], _count: { _all: true } });
  return groups.map((g) => ({ sector: g.sector, count: g._count._all }));
}

export async function listSessions() {
  return prisma.forumSession.findMany({
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
    prisma.forumAttendance.findMany({ where: { sessionId }, select: { memberId: true, status: true } }),
  ]);
  return computeQuorum(m, new Map(rows.map((row) => [row.memberId, row.status])), r);
}

/** Everything about one session, for its page, its live mode and the API; null if unknown. */
export async function getSession(sessionId: string, now = new Date()) {
  const session = await prisma.forumSession.findUnique({
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

async function sessionState(sessionId: string) {
  return prisma.forumSession.findUnique({
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
  const ids = await prisma.$transaction(async (tx) => {
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
    const c = await prisma.commitment.findUnique({
      where: { id: targetId },
      select: { number: true, title: true, titleEn: true },
    });
    if (!c) return { ok: false, error: "invalid", reason: "target-unknown" };
    targetTitle = `Compromiso ${c.number}${c.title || c.titleEn ? `: ${c.title ?? c.titleEn}` : ""}`;
  } else if (input.kind === "agreement" && targetId) {
    const a = await prisma.forumAgreement.findUnique({ where: { id: targetId }, select: { text: true } });
    if (!a) return { ok: false, error: "invalid", reason: "target-unknown" };
    targetTitle = a.text;
  }
  const title = input.title.trim() || targetTitle;
  if (!title) return { ok: false, error: "invalid" };
  const item = await prisma.$transaction(async (tx) => {
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
  const item = await prisma.forumAgendaItem.findFirst({ where: { id: itemId, sessionId }, select: { id: true } });
  if (!item) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!can.editForumAgenda(actor, seat, session)) return { ok: false, error: "forbidden" };
  await prisma.$transaction(async (tx) => {
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
  await prisma.forumAttendance.upsert({
    where: { sessionId_memberId: { sessionId, memberId: seat.memberId } },
    create: { sessionId, memberId: seat.memberId, rsvp },
    update: { rsvp },
  });
  announce(sessionId, "rsvp");
  return { ok: true };
}

// ---- the minutes document ------------------------------------------------------------------------

async function minutesDocument(sessionId: string): Promise<Y.Doc> {
  const { snapshot, rows } = await readStoredState(minutesRoom(sessionId));
  const doc = new Y.Doc();
  applyStoredState(doc, snapshot, rows, () => {});
  return doc;
}

/**
 * Changes the minutes as the server (motion results, agreements, the agenda skeleton): the change
 * is stored as a server-authored update and announced on the event bus to the room on every node.
 */
async function changeMinutes(sessionId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const doc = await minutesDocument(sessionId);
  try {
    const before = Y.encodeStateVector(doc);
    change(doc);
    const update = Y.encodeStateAsUpdate(doc, before);
    if (Y.decodeUpdate(update).structs.length > 0) {
      await storeServerUpdate(minutesRoom(sessionId), update, { userId: null, sector: null });
    }
  } finally {
    doc.destroy();
  }
}

/** The Markdown body of the minutes as the live document holds it now. */
export async function liveMinutesBody(sessionId: string): Promise<string> {
  const doc = await minutesDocument(sessionId);
  try {
    return minutesToMarkdown(doc);
  } finally {
    doc.destroy();
  }
}

// ---- running a session -----------------------------------------------------------------------------

/** The chair or the secretariat opens the session; the minutes start with the agenda as skeleton. */
export async function startSession(actor: Actor, sessionId: string): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!can.startForumSession(actor, seat, session)) return { ok: false, error: "forbidden" };
  const moved = await prisma.forumSession.updateMany({
    where: { id: sessionId, status: "SCHEDULED" },
    data: { status: "IN_PROGRESS", startedAt: new Date() },
  });
  if (moved.count === 0) return { ok: false, error: "invalid" };
  const items = await prisma.forumAgendaItem.findMany({ where: { sessionId }, orderBy: { position: "asc" } });
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
  await prisma.$transaction(
    [...statuses].map(([memberId, status]) =>
      prisma.forumAttendance.upsert({
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
  const open = await prisma.forumMotion.count({ where: { sessionId, status: "OPEN" } });
  if (open > 0) return { ok: false, error: "invalid", reason: "motions-open" };
  const quorum = await sessionQuorum(sessionId);
  const ended = await prisma.$transaction(async (tx) => {
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
    const item = await prisma.forumAgendaItem.findFirst({ where: { id: input.agendaItemId, sessionId } });
    if (!item) return { ok: false, error: "invalid", reason: "unknown-agenda-item" };
    if (item.kind === "commitment") commitmentId = item.targetId;
  }
  const motion = await prisma.forumMotion.create({
    data: { sessionId, text, agendaItemId: input.agendaItemId, commitmentId, openedById: actor.id },
    select: { id: true },
  });
  announce(sessionId, "motion");
  return { ok: true, id: motion.id };
}

export type VoteResult = Ok | { ok: false; error: "not-found" | "forbidden"; reason: VoteRefusal };

/** A member votes on an open motion: once, while it is open, if present or remote. */
export async function castVote(actor: Actor, motionId: string, choice: VoteChoice): Promise<VoteResult | ForumFailure> {
  const motion = await prisma.forumMotion.findUnique({
    where: { id: motionId },
    select: { id: true, sessionId: true, status: true },
  });
  if (!motion) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  const attendance = seat
    ? await prisma.forumAttendance.findUnique({
        where: { sessionId_memberId: { sessionId: motion.sessionId, memberId: seat.memberId } },
        select: { status: true },
      })
    : null;
  const already = seat ? (await prisma.forumVote.count({ where: { motionId, memberId: seat.memberId } })) > 0 : false;
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
    const stored = await prisma.$transaction(async (tx) => {
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

function tallyLine(t: Tally): string {
  return `A favor: ${t.FOR} · En contra: ${t.AGAINST} · Abstenciones: ${t.ABSTAIN}`;
}

function sectorLine(t: Tally): string {
  return SECTORS.map((s) => {
    const v = t.bySector[s];
    return `${es.sectors[s]}: ${v.FOR}/${v.AGAINST}/${v.ABSTAIN}`;
  }).join(" · ");
}

async function headingFor(agendaItemId: string | null): Promise<string | null> {
  if (!agendaItemId) return null;
  const item = await prisma.forumAgendaItem.findUnique({
    where: { id: agendaItemId },
    select: { position: true, title: true },
  });
  return item ? agendaHeading(item.position, item.title) : null;
}

/** The chair closes the vote: the result is decided, recorded, and written into the minutes. */
export async function closeMotion(actor: Actor, motionId: string): Promise<Ok<{ passed: boolean }> | ForumFailure> {
  const motion = await prisma.forumMotion.findUnique({ where: { id: motionId } });
  if (!motion) return { ok: false, error: "not-found" };
  const session = await sessionState(motion.sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.closeMotion(actor, seat, session)) return { ok: false, error: "forbidden" };
  const result = await prisma.$transaction(async (tx) => {
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
    const item = await prisma.forumAgendaItem.findFirst({ where: { id: input.agendaItemId, sessionId } });
    if (!item) return { ok: false, error: "invalid", reason: "unknown-agenda-item" };
    if (item.kind === "commitment") commitmentId = item.targetId;
  }
  const agreement = await prisma.$transaction(async (tx) => {
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
  const agreement = await prisma.forumAgreement.findUnique({ where: { id: agreementId } });
  if (!agreement) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.followUpForumAgreement(actor, seat)) return { ok: false, error: "forbidden" };
  if (input.status === "DONE" && !input.evidence?.trim() && !agreement.evidence) {
    return { ok: false, error: "invalid", reason: "evidence-required" };
  }
  const evidence = input.evidence?.trim() || agreement.evidence;
  await prisma.$transaction(async (tx) => {
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
  const rows = await prisma.forumAgreement.findMany({
    orderBy: [{ dueDate: "asc" }],
    include: { session: { select: { id: true, title: true, number: true, scheduledAt: true } } },
  });
  return rows
    .map((a) => ({ ...a, overdue: isOverdue(a, now) }))
    .sort((a, b) => Number(a.status === "DONE") - Number(b.status === "DONE"));
}

// ---- minutes workflow ------------------------------------------------------------------------------

/** The secretariat circulates the draft minutes of a held session for comments. */
export async function circulateMinutes(actor: Actor, sessionId: string): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!can.circulateMinutes(actor, seat, session)) return { ok: false, error: "forbidden" };
  const moved = await prisma.forumSession.updateMany({
    where: { id: sessionId, status: "HELD", minutesStatus: "DRAFT" },
    data: { minutesStatus: "CIRCULATED" },
  });
  if (moved.count === 0) return { ok: false, error: "invalid" };
  announce(sessionId, "minutes");
  return { ok: true };
}

const fmtDate = (d: Date) =>
  new Intl.DateTimeFormat("es-PE", { timeZone: "America/Lima", dateStyle: "long", timeStyle: "short" }).format(d);

/** The whole minutes as Markdown: the session, attendance and quorum, agenda, body, motions, agreements. */
export async function composeMinutesMarkdown(sessionId: string): Promise<string | null> {
  const s = await getSession(sessionId);
  if (!s) return null;
  const body = await liveMinutesBody(sessionId);
  const lines: string[] = [];
  lines.push(`# Acta: ${s.title}`, "");
  lines.push(`- Sesión N.° ${s.number ?? "—"}`);
  lines.push(`- Fecha: ${fmtDate(s.startedAt ?? s.scheduledAt)}`);
  if (s.location) lines.push(`- Lugar: ${s.location}`);
  lines.push(
    `- Quórum: ${(s.quorumReached ?? s.quorum.reached) ? "alcanzado" : "no alcanzado"} (${s.quorum.attending} de ${s.quorum.total} miembros con voto)`,
  );
  lines.push("", "## Asistencia", "");
  for (const sector of SECTORS) {
    const people = s.roster.filter((r) => r.sector === sector);
    if (people.length === 0) continue;
    lines.push(`### ${es.sectors[sector]}`, "");
    for (const p of people) {
      const status = p.status ? es.forum.attendanceStatus[p.status] : es.forum.notCalled;
      lines.push(
        `- ${p.name ?? "—"} (${p.organization}, ${es.forum.roles[p.role as keyof typeof es.forum.roles] ?? p.role}): ${status}`,
      );
    }
    lines.push("");
  }
  lines.push("## Agenda", "");
  for (const item of s.agendaItems) lines.push(`${item.position}. ${item.title}`);
  lines.push("", "## Desarrollo de la sesión", "", body || "—", "");
  lines.push("## Mociones", "");
  if (s.motions.length === 0) lines.push("Sin mociones.");
  for (const m of s.motions) {
    const result = m.status === "OPEN" ? "en votación" : m.status === "PASSED" ? "aprobada" : "rechazada";
    lines.push(`- «${m.text}»: ${result}. ${tallyLine(m.tally)}. Por sector: ${sectorLine(m.tally)}.`);
  }
  lines.push("", "## Acuerdos", "");
  if (s.agreements.length === 0) lines.push("Sin acuerdos.");
  for (const a of s.agreements) {
    lines.push(`- ${a.text} — Responsable: ${a.responsible}. Plazo: ${limaDay(a.dueDate)}.`);
  }
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

export function minutesFingerprint(markdown: string): string {
  return createHash("sha256").update(markdown, "utf8").digest("hex");
}

/**
 * Approves circulated minutes: nobody may write them any more (the live room drops everyone to
 * read-only and stores what it had accepted), then the Markdown is frozen, fingerprinted with
 * SHA-256 and the approval appended to the public record.
 */
export async function approveMinutes(actor: Actor, sessionId: string): Promise<Ok<{ hash: string }> | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.approveMinutes(actor, seat, session)) return { ok: false, error: "forbidden" };
  const locked = await prisma.forumSession.updateMany({
    where: { id: sessionId, status: "HELD", minutesStatus: "CIRCULATED" },
    data: { minutesStatus: "APPROVED" },
  });
  if (locked.count === 0) return { ok: false, error: "invalid" };
  await eventBus().publishAndWait("collab.access", { room: minutesRoom(sessionId) });
  const markdown = (await composeMinutesMarkdown(sessionId))!;
  const hash = minutesFingerprint(markdown);
  const commitmentIds = await prisma.forumAgendaItem.findMany({
    where: { sessionId, kind: "commitment", targetId: { not: null } },
    select: { targetId: true },
  });
  await prisma.$transaction(async (tx) => {
    await tx.forumSession.update({
      where: { id: sessionId },
      data: { minutesMarkdown: markdown, minutesHash: hash, minutesApprovedAt: new Date() },
    });
    await appendAct(tx, {
      kind: "forum.minutes.approved",
      subjectType: "forum-session",
      subjectId: sessionId,
      actorId: actor.id,
      sector: seat?.sector ?? null,
      // One commitment on the agenda: the approval concerns it; several are listed in the data.
      commitmentId: commitmentIds.length === 1 ? commitmentIds[0]!.targetId : null,
      data: { minutesSha256: hash, commitmentIds: commitmentIds.map((c) => c.targetId!) },
    });
  });
  await recordActivity({
    kind: "forum.minutes.approved",
    actorId: actor.id,
    subjectType: "forum-session",
    subjectId: sessionId,
    summary: `Se aprobó y publicó el acta de «${session.title}».`,
  });
  announce(sessionId, "minutes");
  return { ok: true, hash };
}

/** The minutes as Markdown: the frozen text once approved, the current draft before. */
export async function minutesMarkdown(sessionId: string): Promise<{ markdown: string; approved: boolean } | null> {
  const s = await prisma.forumSession.findUnique({
    where: { id: sessionId },
    select: { minutesStatus: true, minutesMarkdown: true },
  });
  if (!s) return null;
  if (s.minutesStatus === "APPROVED" && s.minutesMarkdown) return { markdown: s.minutesMarkdown, approved: true };
  return { markdown: (await composeMinutesMarkdown(sessionId))!, approved: false };
}

/** Whether the minutes document has anything yet (for the session page). */
export async function minutesStarted(sessionId: string): Promise<boolean> {
  const doc = await minutesDocument(sessionId);
  try {
    return minutesFragment(doc).length > 0;
  } finally {
    doc.destroy();
  }
}

// ---- standards panel -------------------------------------------------------------------------------

export async function getStandards(now = new Date()) {
  const [held, rules, agreements] = await Promise.all([
    prisma.forumSession.findMany({
      where: { status: "HELD" },
      select: { endedAt: true, scheduledAt: true, minutesStatus: true },
    }),
    getRules(),
    prisma.forumAgreement.findMany({ select: { status: true, dueDate: true, doneAt: true } }),
  ]);
  return computeStandards({
    now,
    heldSessions: held,
    rulesPublished: rules.publishedAt !== null && rules.text.trim().length > 0,
    agreements,
  });
}

export { hasVote };

/** The choices of the secretariat's member form: organisations (with sector) and regions. */
export async function memberFormOptions() {
  return Promise.all([
    prisma.organization.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, sector: true } }),
    prisma.territory.findMany({
      where: { level: "DEPARTMENT" },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
  ]);
}

/** Every session with its agenda's titles, oldest first, for the calendar feed. */
export function calendarSessions() {
  return prisma.forumSession.findMany({
    orderBy: { scheduledAt: "asc" },
    include: { agendaItems: { orderBy: { position: "asc" }, select: { position: true, title: true } } },
  });
}
