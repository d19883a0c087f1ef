import { roomName } from "~/collab/protocol.ts";
import { computeStandards, hasVote } from "./rules.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { FORUM_LIVE_ROOM, sessionLiveRoom } from "./live.ts";
import { getRules } from "./members.server.ts";

// The Foro Multiactor: what its modules share (failures, the live rooms, the minutes' room) and
// the OGP standards panel. The forum's functions are split by concern:
//
//   members.server.ts   composition, seats and the published rules
//   sessions.server.ts  sessions before they are held: schedule, agenda, confirmations, quorum
//   meeting.server.ts   a session held: opening, roll call, motions and votes, agreements, closing
//   minutes.server.ts   the minutes: the live document, circulation, approval, fingerprint
//
// Every change is authorised with the rules of permissions.server.ts; every act of the public
// record (forum.session.held, forum.motion.decided, forum.agreement.made/done,
// forum.minutes.approved) is appended in the same transaction as the change it records.
export type ForumFailure = { ok: false; error: "not-found" | "forbidden" | "invalid"; reason?: string };
export type Ok<T = object> = { ok: true } & T;

export const RULES_ID = "forum";
export const minutesRoom = (sessionId: string) => roomName("session", sessionId);

/** Tells the session's pages (and the forum's) that something changed; they reload their data. */
export function announce(sessionId: string | null, type: string): void {
  if (sessionId) publish(sessionLiveRoom(sessionId), type);
  publish(FORUM_LIVE_ROOM, type);
}

// ---- standards panel -------------------------------------------------------------------------------

export async function getStandards(now = new Date()) {
  const [held, rules, agreements] = await Promise.all([
    prisma().forumSession.findMany({
      where: { status: "HELD" },
      select: { endedAt: true, scheduledAt: true, minutesStatus: true },
    }),
    getRules(),
    prisma().forumAgreement.findMany({ select: { status: true, dueDate: true, doneAt: true } }),
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
    prisma().organization.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, sector: true } }),
    prisma().territory.findMany({
      where: { level: "DEPARTMENT" },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
  ]);
}

/** Every session with its agenda's titles, oldest first, for the calendar feed. */
export function calendarSessions() {
  return prisma().forumSession.findMany({
    orderBy: { scheduledAt: "asc" },
    include: { agendaItems: { orderBy: { position: "asc" }, select: { position: true, title: true } } },
  });
}
