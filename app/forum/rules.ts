import type { Sector } from "~/generated/prisma/enums.ts";

// The Foro Multiactor's rules as pure functions, shared by the server (which decides) and the
// pages (which only display what the server computed): quorum, vote tallies, who may vote and
// why not, the monthly recurrence of sessions, overdue agreements and the OGP standards panel.

export const SECTORS = [
  "CIVIL_SOCIETY",
  "PUBLIC_SECTOR",
  "PRIVATE_SECTOR",
  "ACADEMIA",
] as const satisfies readonly Sector[];

export const FORUM_ROLES = ["chair", "secretary", "member", "alternate"] as const;
export type ForumRole = (typeof FORUM_ROLES)[number];

export const ATTENDANCE_STATUSES = ["PRESENT", "REMOTE", "EXCUSED", "ABSENT"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const VOTE_CHOICES = ["FOR", "AGAINST", "ABSTAIN"] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const AGENDA_KINDS = ["commitment", "proposal", "progress", "agreement", "other"] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export const AGREEMENT_STATUSES = ["PENDING", "IN_PROGRESS", "DONE"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const MOTION_STATUSES = ["OPEN", "PASSED", "REJECTED"] as const;
export type MotionStatus = (typeof MOTION_STATUSES)[number];

export function isForumRole(value: unknown): value is ForumRole {
  return typeof value === "string" && (FORUM_ROLES as readonly string[]).includes(value);
}
export function isAttendanceStatus(value: unknown): value is AttendanceStatus {
  return typeof value === "string" && (ATTENDANCE_STATUSES as readonly string[]).includes(value);
}
export function isVoteChoice(value: unknown): value is VoteChoice {
  return typeof value === "string" && (VOTE_CHOICES as readonly string[]).includes(value);
}

/** Whether a member counts for quorum and votes: alternates attend with voice but without vote. */
export const hasVote = (role: string) => role !== "alternate";

/** Attending means present in the room or connected remotely. */
export const isAttending = (status: string | null | undefined) => status === "PRESENT" || status === "REMOTE";

export type QuorumRule = { quorumMajority: boolean; quorumEachSector: boolean };

export type QuorumResult = {
  reached: boolean;
  /** Voting members attending (present or remote). */
  attending: number;
  /** Voting members of the forum. */
  total: number;
  /** How many must attend for the majority condition (0 when the rule does not ask for it). */
  required: number;
  majorityMet: boolean;
  /** Sectors with voting members but none attending (empty when the rule does not ask for it). */
  missingSectors: Sector[];
  bySector: Record<Sector, { attending: number; total: number }>;
};

/**
 * Quorum from the roll call: with `quorumMajority`, more than half of the voting members attend;
 * with `quorumEachSector`, every sector that has voting members has at least one attending.
 * A forum without voting members never has quorum.
 */
export function computeQuorum(
  members: readonly { id: string; sector: Sector; role: string }[],
  attendance: ReadonlyMap<string, string | null>,
  rule: QuorumRule,
): QuorumResult {
  const bySector = Object.fromEntries(SECTORS.map((s) => [s, { attending: 0, total: 0 }])) as QuorumResult["bySector"];
  let attending = 0;
  let total = 0;
  for (const member of members) {
    if (!hasVote(member.role)) continue;
    total += 1;
    bySector[member.sector].total += 1;
    if (isAttending(attendance.get(member.id))) {
      attending += 1;
      bySector[member.sector].attending += 1;
    }
  }
  const required = rule.quorumMajority ? Math.floor(total / 2) + 1 : 0;
  const majorityMet = attending >= required;
  const missingSectors = rule.quorumEachSector
    ? SECTORS.filter((s) => bySector[s].total > 0 && bySector[s].attending === 0)
    : [];
  const reached = total > 0 && attending > 0 && majorityMet && missingSectors.length === 0;
  return { reached, attending, total, required, majorityMet, missingSectors, bySector };
}

export type Tally = {
  FOR: number;
  AGAINST: number;
  ABSTAIN: number;
  bySector: Record<Sector, { FOR: number; AGAINST: number; ABSTAIN: number }>;
  /** A motion passes with more votes for than against (abstentions count for neither). */
  passed: boolean;
};

export function tallyVotes(votes: readonly { choice: string; sector: Sector }[]): Tally {
  const bySector = Object.fromEntries(SECTORS.map((s) => [s, { FOR: 0, AGAINST: 0, ABSTAIN: 0 }])) as Tally["bySector"];
  const tally = { FOR: 0, AGAINST: 0, ABSTAIN: 0 };
  for (const vote of votes) {
    if (!isVoteChoice(vote.choice)) continue;
    tally[vote.choice] += 1;
    bySector[vote.sector][vote.choice] += 1;
  }
  return { ...tally, bySector, passed: tally.FOR > tally.AGAINST };
}

export type VoteRefusal =
  "not-logged-in" | "not-member" | "no-vote" | "motion-closed" | "not-attending" | "already-voted";

/** Why a vote is refused, or null when it may be cast. */
export function voteRefusal(input: {
  loggedIn: boolean;
  seat: { role: string } | null;
  motionStatus: string;
  attendance: string | null | undefined;
  alreadyVoted: boolean;
}): VoteRefusal | null {
  if (!input.loggedIn) return "not-logged-in";
  if (!input.seat) return "not-member";
  if (!hasVote(input.seat.role)) return "no-vote";
  if (input.motionStatus !== "OPEN") return "motion-closed";
  if (!isAttending(input.attendance)) return "not-attending";
  if (input.alreadyVoted) return "already-voted";
  return null;
}

const LIMA_OFFSET_MS = 5 * 60 * 60 * 1000; // Peru: UTC-5 all year.

/**
 * The monthly recurrence of a session: the same weekday of the same week of each following month
 * in Lima time (e.g. every first Thursday at 15:00), or the last such weekday when the month has
 * no fifth one. Returns `count` dates starting with `first` itself.
 */
export function monthlyDates(first: Date, count: number): Date[] {
  const lima = new Date(first.getTime() - LIMA_OFFSET_MS);
  const weekday = lima.getUTCDay();
  const nth = Math.ceil(lima.getUTCDate() / 7);
  const timeOfDay =
    first.getTime() - Date.UTC(lima.getUTCFullYear(), lima.getUTCMonth(), lima.getUTCDate()) - LIMA_OFFSET_MS;
  const dates: Date[] = [];
  for (let i = 0; i < count; i++) {
    const year = lima.getUTCFullYear();
    const month = lima.getUTCMonth() + i;
    const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
    let dayOfMonth = 1 + ((weekday - firstWeekday + 7) % 7) + (nth - 1) * 7;
    const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    while (dayOfMonth > daysInMonth) dayOfMonth -= 7;
    dates.push(new Date(Date.UTC(year, month, dayOfMonth) + LIMA_OFFSET_MS + timeOfDay));
  }
  return dates;
}

/** An agreement not done whose due date has passed. */
export function isOverdue(agreement: { status: string; dueDate: Date | string }, now: Date): boolean {
  return agreement.status !== "DONE" && new Date(agreement.dueDate).getTime() < now.getTime();
}

export type StandardsInput = {
  now: Date;
  heldSessions: readonly { endedAt: Date | null; scheduledAt: Date; minutesStatus: string }[];
  rulesPublished: boolean;
  agreements: readonly { status: string; dueDate: Date; doneAt: Date | null }[];
};

export type Standards = {
  metInLastSixMonths: boolean;
  sessionsHeld: number;
  minutesPublished: number;
  allMinutesPublished: boolean;
  rulesPublished: boolean;
  agreementsDue: number;
  agreementsDoneOnTime: number;
  allAgreementsOnTime: boolean;
};

/**
 * The OGP minimum requirements for a multi-stakeholder forum, as Minka can check them: it met in
 * the last six months, minutes were published for every session held, its rules are published,
 * and the agreements that came due were done by their due date.
 */
export function computeStandards(input: StandardsInput): Standards {
  const sixMonthsAgo = new Date(input.now);
  sixMonthsAgo.setUTCMonth(sixMonthsAgo.getUTCMonth() - 6);
  const metInLastSixMonths = input.heldSessions.some((s) => (s.endedAt ?? s.scheduledAt) >= sixMonthsAgo);
  const minutesPublished = input.heldSessions.filter((s) => s.minutesStatus === "APPROVED").length;
  const due = input.agreements.filter((a) => a.dueDate.getTime() <= input.now.getTime());
  const onTime = due.filter((a) => a.status === "DONE" && a.doneAt && a.doneAt.getTime() <= a.dueDate.getTime());
  return {
    metInLastSixMonths,
    sessionsHeld: input.heldSessions.length,
    minutesPublished,
    allMinutesPublished: input.heldSessions.length > 0 && minutesPublished === input.heldSessions.length,
    rulesPublished: input.rulesPublished,
    agreementsDue: due.length,
    agreementsDoneOnTime: onTime.length,
    allAgreementsOnTime: onTime.length === due.length,
  };
}
