import { describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine } from "./ics.ts";
import { computeQuorum, computeStandards, isOverdue, monthlyDates, tallyVotes, voteRefusal } from "./rules.ts";

const members = [
  { id: "cs1", sector: "CIVIL_SOCIETY" as const, role: "member" },
  { id: "cs2", sector: "CIVIL_SOCIETY" as const, role: "member" },
  { id: "ps1", sector: "PUBLIC_SECTOR" as const, role: "chair" },
  { id: "ps2", sector: "PUBLIC_SECTOR" as const, role: "secretary" },
  { id: "pr1", sector: "PRIVATE_SECTOR" as const, role: "member" },
  { id: "ac1", sector: "ACADEMIA" as const, role: "member" },
  { id: "alt", sector: "CIVIL_SOCIETY" as const, role: "alternate" },
];
const both = { quorumMajority: true, quorumEachSector: true };
const attendance = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe("quorum", () => {
  it("needs more than half of the voting members and one of each sector", () => {
    const q = computeQuorum(
      members,
      attendance({ cs1: "PRESENT", ps1: "PRESENT", pr1: "REMOTE", ac1: "PRESENT" }),
      both,
    );
    expect(q).toMatchObject({ reached: true, attending: 4, total: 6, required: 4, missingSectors: [] });
  });

  it("is not reached with a majority that leaves a sector out", () => {
    const q = computeQuorum(
      members,
      attendance({ cs1: "PRESENT", cs2: "PRESENT", ps1: "PRESENT", ps2: "PRESENT", pr1: "PRESENT" }),
      both,
    );
    expect(q.majorityMet).toBe(true);
    expect(q.missingSectors).toEqual(["ACADEMIA"]);
    expect(q.reached).toBe(false);
  });

  it("is not reached with every sector but only half of the members", () => {
    const q = computeQuorum(
      members,
      attendance({ cs1: "PRESENT", ps1: "PRESENT", pr1: "PRESENT", ac1: "EXCUSED" }),
      both,
    );
    expect(q.reached).toBe(false);
    const q2 = computeQuorum(members, attendance({ cs1: "PRESENT", ps1: "PRESENT", ac1: "REMOTE" }), both);
    expect(q2).toMatchObject({ reached: false, attending: 3, required: 4, missingSectors: ["PRIVATE_SECTOR"] });
  });

  it("does not count alternates, excused or absent members", () => {
    const q = computeQuorum(
      members,
      attendance({ alt: "PRESENT", cs1: "EXCUSED", cs2: "ABSENT", ps1: "PRESENT", pr1: "PRESENT", ac1: "PRESENT" }),
      both,
    );
    expect(q.attending).toBe(3);
    expect(q.bySector.CIVIL_SOCIETY).toEqual({ attending: 0, total: 2 });
    expect(q.reached).toBe(false);
  });

  it("follows the configured rule", () => {
    const few = attendance({ cs1: "PRESENT", ps1: "PRESENT" });
    expect(computeQuorum(members, few, { quorumMajority: false, quorumEachSector: false }).reached).toBe(true);
    expect(computeQuorum(members, few, { quorumMajority: true, quorumEachSector: false }).reached).toBe(false);
    const sectors = attendance({ cs1: "PRESENT", ps1: "PRESENT", pr1: "PRESENT", ac1: "PRESENT" });
    expect(computeQuorum(members, sectors, { quorumMajority: false, quorumEachSector: true }).reached).toBe(true);
  });

  it("is never reached without voting members or attendance", () => {
    expect(computeQuorum([], new Map(), { quorumMajority: false, quorumEachSector: false }).reached).toBe(false);
    expect(computeQuorum(members, new Map(), { quorumMajority: false, quorumEachSector: false }).reached).toBe(false);
  });
});

describe("votes", () => {
  it("tallies by choice and by sector; passes with more for than against", () => {
    const t = tallyVotes([
      { choice: "FOR", sector: "CIVIL_SOCIETY" },
      { choice: "FOR", sector: "ACADEMIA" },
      { choice: "AGAINST", sector: "PUBLIC_SECTOR" },
      { choice: "ABSTAIN", sector: "PUBLIC_SECTOR" },
    ]);
    expect(t).toMatchObject({ FOR: 2, AGAINST: 1, ABSTAIN: 1, passed: true });
    expect(t.bySector.PUBLIC_SECTOR).toEqual({ FOR: 0, AGAINST: 1, ABSTAIN: 1 });
  });

  it("rejects a tie and a motion with only abstentions", () => {
    expect(
      tallyVotes([
        { choice: "FOR", sector: "ACADEMIA" },
        { choice: "AGAINST", sector: "ACADEMIA" },
      ]).passed,
    ).toBe(false);
    expect(tallyVotes([{ choice: "ABSTAIN", sector: "ACADEMIA" }]).passed).toBe(false);
    expect(tallyVotes([]).passed).toBe(false);
  });

  it("says why a vote is refused, in order", () => {
    const ok = {
      loggedIn: true,
      seat: { role: "member" },
      motionStatus: "OPEN",
      attendance: "PRESENT",
      alreadyVoted: false,
    };
    expect(voteRefusal(ok)).toBeNull();
    expect(voteRefusal({ ...ok, attendance: "REMOTE" })).toBeNull();
    expect(voteRefusal({ ...ok, loggedIn: false, seat: null })).toBe("not-logged-in");
    expect(voteRefusal({ ...ok, seat: null })).toBe("not-member");
    expect(voteRefusal({ ...ok, seat: { role: "alternate" } })).toBe("no-vote");
    expect(voteRefusal({ ...ok, motionStatus: "PASSED" })).toBe("motion-closed");
    expect(voteRefusal({ ...ok, attendance: "EXCUSED" })).toBe("not-attending");
    expect(voteRefusal({ ...ok, attendance: null })).toBe("not-attending");
    expect(voteRefusal({ ...ok, alreadyVoted: true })).toBe("already-voted");
  });
});

describe("monthly recurrence", () => {
  it("keeps the weekday of the same week each month, at the same Lima time", () => {
    // Thursday 7 January 2027, 15:00 in Lima (20:00 UTC): the first Thursday of the month.
    const dates = monthlyDates(new Date("2027-01-07T20:00:00Z"), 4).map((d) => d.toISOString());
    expect(dates).toEqual([
      "2027-01-07T20:00:00.000Z",
      "2027-02-04T20:00:00.000Z",
      "2027-03-04T20:00:00.000Z",
      "2027-04-01T20:00:00.000Z",
    ]);
  });

  it("uses the last such weekday when a month has no fifth one", () => {
    // Friday 29 January 2027 is the fifth Friday; February 2027 has four.
    const [, feb, mar] = monthlyDates(new Date("2027-01-29T14:00:00Z"), 3);
    expect(feb!.toISOString()).toBe("2027-02-26T14:00:00.000Z");
    expect(mar!.toISOString()).toBe("2027-03-26T14:00:00.000Z");
  });

  it("reads the day in Lima time, not UTC", () => {
    // 21:00 in Lima on Thursday 7 January is already Friday in UTC.
    const [, second] = monthlyDates(new Date("2027-01-08T02:00:00Z"), 2);
    expect(second!.toISOString()).toBe("2027-02-05T02:00:00.000Z");
  });
});

describe("agreements and standards", () => {
  const now = new Date("2027-06-15T12:00:00Z");
  it("an agreement is overdue when not done after its due date", () => {
    expect(isOverdue({ status: "PENDING", dueDate: "2027-06-01T00:00:00Z" }, now)).toBe(true);
    expect(isOverdue({ status: "IN_PROGRESS", dueDate: "2027-07-01T00:00:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "DONE", dueDate: "2027-06-01T00:00:00Z" }, now)).toBe(false);
  });

  it("computes the OGP minimum standards", () => {
    const s = computeStandards({
      now,
      heldSessions: [
        {
          endedAt: new Date("2027-05-06T22:00:00Z"),
          scheduledAt: new Date("2027-05-06T20:00:00Z"),
          minutesStatus: "APPROVED",
        },
        {
          endedAt: new Date("2027-06-03T22:00:00Z"),
          scheduledAt: new Date("2027-06-03T20:00:00Z"),
          minutesStatus: "CIRCULATED",
        },
      ],
      rulesPublished: true,
      agreements: [
        { status: "DONE", dueDate: new Date("2027-05-20T00:00:00Z"), doneAt: new Date("2027-05-18T00:00:00Z") },
        { status: "DONE", dueDate: new Date("2027-05-20T00:00:00Z"), doneAt: new Date("2027-05-25T00:00:00Z") },
        { status: "PENDING", dueDate: new Date("2027-07-20T00:00:00Z"), doneAt: null },
      ],
    });
    expect(s).toEqual({
      metInLastSixMonths: true,
      sessionsHeld: 2,
      minutesPublished: 1,
      allMinutesPublished: false,
      rulesPublished: true,
      agreementsDue: 2,
      agreementsDoneOnTime: 1,
      allAgreementsOnTime: false,
    });
  });

  it("a forum that has not met for six months fails the first standard", () => {
    const s = computeStandards({
      now,
      heldSessions: [
        {
          endedAt: new Date("2026-11-01T00:00:00Z"),
          scheduledAt: new Date("2026-11-01T00:00:00Z"),
          minutesStatus: "APPROVED",
        },
      ],
      rulesPublished: false,
      agreements: [],
    });
    expect(s.metInLastSixMonths).toBe(false);
    expect(s.allMinutesPublished).toBe(true);
    expect(s.allAgreementsOnTime).toBe(true);
  });
});

describe("ICS", () => {
  it("escapes TEXT values", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
  });

  it("folds long lines at 75 octets without splitting a UTF-8 character", () => {
    const line = `SUMMARY:${"ñ".repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
  });

  it("writes a calendar with CRLF line ends and one event per session", () => {
    const ics = buildCalendar(
      [
        {
          uid: "forum-session-1@minka",
          start: new Date("2027-01-07T20:00:00Z"),
          end: new Date("2027-01-07T22:00:00Z"),
          summary: "Sesión ordinaria, enero",
          location: "Sala virtual",
          status: "CONFIRMED",
        },
      ],
      { name: "Foro", now: new Date("2027-01-01T00:00:00Z") },
    );
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("DTSTART:20270107T200000Z\r\n");
    expect(ics).toContain("SUMMARY:Sesión ordinaria\\, enero\r\n");
    expect(ics).toContain("DTSTAMP:20270101T000000Z\r\n");
    expect(ics.replace(/\r\n/g, "")).not.toContain("\n");
  });
});
