import { describe, expect, it } from "vitest";
import type { ForumSessionStatus, MinutesStatus } from "~/generated/prisma/enums.ts";
import { can, type Actor, type ForumSeat } from "./permissions.server.ts";

// Every rule of the Foro Multiactor, for each kind of person: the chair, the secretary, a member,
// an alternate, the platform's secretariat (administrators), a logged-in non-member and an
// anonymous visitor, in the session states where the act makes sense and where it does not.

type Who = { actor: Actor; seat: ForumSeat };
const person = (id: string, role: "ADMIN" | "FORUM_MEMBER" | "CITIZEN", seatRole: string | null): Who => ({
  actor: { id, role, memberships: [] },
  seat: seatRole ? { memberId: `m-${id}`, role: seatRole, sector: "CIVIL_SOCIETY" } : null,
});

const people = {
  chair: person("chair", "FORUM_MEMBER", "chair"),
  secretary: person("secretary", "FORUM_MEMBER", "secretary"),
  member: person("member", "FORUM_MEMBER", "member"),
  alternate: person("alternate", "FORUM_MEMBER", "alternate"),
  admin: person("admin", "ADMIN", null),
  nonMember: person("citizen", "CITIZEN", null),
  anonymous: { actor: null, seat: null } as Who,
};
type Name = keyof typeof people;
const ALL = Object.keys(people) as Name[];

const state = (status: ForumSessionStatus, minutesStatus: MinutesStatus = "DRAFT") => ({ status, minutesStatus });
const scheduled = state("SCHEDULED");
const inProgress = state("IN_PROGRESS");
const held = state("HELD");
const circulated = state("HELD", "CIRCULATED");
const approved = state("HELD", "APPROVED");

/** Asserts exactly `allowed` may act (and every other person may not). */
function only(check: (who: Who) => boolean, allowed: Name[]) {
  for (const name of ALL) {
    expect({ name, result: check(people[name]) }).toEqual({ name, result: allowed.includes(name) });
  }
}

describe("forum permissions", () => {
  it("manageForum (members and terms): the platform's administrators only", () => {
    only((w) => can.manageForum(w.actor), ["admin"]);
  });

  it("scheduleForumSession: the secretariat (administrators and the secretary)", () => {
    only((w) => can.scheduleForumSession(w.actor, w.seat), ["secretary", "admin"]);
  });

  it("proposeAgendaItem: members and the secretariat, while scheduled", () => {
    only(
      (w) => can.proposeAgendaItem(w.actor, w.seat, scheduled),
      ["chair", "secretary", "member", "alternate", "admin"],
    );
    only((w) => can.proposeAgendaItem(w.actor, w.seat, inProgress), []);
  });

  it("editForumAgenda: the secretariat, while scheduled", () => {
    only((w) => can.editForumAgenda(w.actor, w.seat, scheduled), ["secretary", "admin"]);
    only((w) => can.editForumAgenda(w.actor, w.seat, held), []);
  });

  it("confirmForumAttendance: members, while scheduled", () => {
    only((w) => can.confirmForumAttendance(w.actor, w.seat, scheduled), ["chair", "secretary", "member", "alternate"]);
    only((w) => can.confirmForumAttendance(w.actor, w.seat, inProgress), []);
  });

  it("startForumSession: the chair or the secretariat, while scheduled", () => {
    only((w) => can.startForumSession(w.actor, w.seat, scheduled), ["chair", "secretary", "admin"]);
    only((w) => can.startForumSession(w.actor, w.seat, inProgress), []);
  });

  it("takeRollCall: the chair or the secretariat, during the session", () => {
    only((w) => can.takeRollCall(w.actor, w.seat, inProgress), ["chair", "secretary", "admin"]);
    only((w) => can.takeRollCall(w.actor, w.seat, scheduled), []);
    only((w) => can.takeRollCall(w.actor, w.seat, held), []);
  });

  it("endForumSession: the chair or the secretariat, during the session", () => {
    only((w) => can.endForumSession(w.actor, w.seat, inProgress), ["chair", "secretary", "admin"]);
    only((w) => can.endForumSession(w.actor, w.seat, held), []);
  });

  it("putMotionToVote and closeMotion: the chair only, during the session", () => {
    only((w) => can.putMotionToVote(w.actor, w.seat, inProgress), ["chair"]);
    only((w) => can.putMotionToVote(w.actor, w.seat, scheduled), []);
    only((w) => can.closeMotion(w.actor, w.seat, inProgress), ["chair"]);
    only((w) => can.closeMotion(w.actor, w.seat, held), []);
  });

  it("voteOnMotion: voting members present or remote, once, while the motion is open", () => {
    const open = (attendance: string | null, alreadyVoted = false) => ({ status: "OPEN", attendance, alreadyVoted });
    only((w) => can.voteOnMotion(w.actor, w.seat, open("PRESENT")), ["chair", "secretary", "member"]);
    only((w) => can.voteOnMotion(w.actor, w.seat, open("REMOTE")), ["chair", "secretary", "member"]);
    only((w) => can.voteOnMotion(w.actor, w.seat, open("EXCUSED")), []);
    only((w) => can.voteOnMotion(w.actor, w.seat, open("ABSENT")), []);
    only((w) => can.voteOnMotion(w.actor, w.seat, open(null)), []);
    only((w) => can.voteOnMotion(w.actor, w.seat, open("PRESENT", true)), []);
    only(
      (w) => can.voteOnMotion(w.actor, w.seat, { status: "PASSED", attendance: "PRESENT", alreadyVoted: false }),
      [],
    );
  });

  it("recordForumAgreement: the chair or the secretariat, during the session or before the minutes are approved", () => {
    only((w) => can.recordForumAgreement(w.actor, w.seat, inProgress), ["chair", "secretary", "admin"]);
    only((w) => can.recordForumAgreement(w.actor, w.seat, held), ["chair", "secretary", "admin"]);
    only((w) => can.recordForumAgreement(w.actor, w.seat, approved), []);
    only((w) => can.recordForumAgreement(w.actor, w.seat, scheduled), []);
  });

  it("followUpForumAgreement: the chair or the secretariat", () => {
    only((w) => can.followUpForumAgreement(w.actor, w.seat), ["chair", "secretary", "admin"]);
  });

  it("writeMinutes: members and administrators, until the minutes are approved", () => {
    const memberUserIds = ["chair", "secretary", "member", "alternate"];
    only(
      (w) => can.writeMinutes(w.actor, { ...inProgress, memberUserIds }),
      ["chair", "secretary", "member", "alternate", "admin"],
    );
    only(
      (w) => can.writeMinutes(w.actor, { ...circulated, memberUserIds }),
      ["chair", "secretary", "member", "alternate", "admin"],
    );
    only((w) => can.writeMinutes(w.actor, { ...approved, memberUserIds }), []);
    only((w) => can.writeMinutes(w.actor, { ...state("CANCELLED"), memberUserIds }), []);
    // The platform's forum-member role writes too (the collaboration server's contract), a citizen with a seat too.
    expect(
      can.writeMinutes({ id: "x", role: "FORUM_MEMBER", memberships: [] }, { ...inProgress, memberUserIds: [] }),
    ).toBe(true);
    expect(
      can.writeMinutes({ id: "x", role: "CITIZEN", memberships: [] }, { ...inProgress, memberUserIds: ["x"] }),
    ).toBe(true);
    expect(can.writeMinutes({ id: "x", role: "CITIZEN", memberships: [] }, { ...inProgress, memberUserIds: [] })).toBe(
      false,
    );
  });

  it("circulateMinutes: the chair or the secretariat, once the session is held and the minutes are a draft", () => {
    only((w) => can.circulateMinutes(w.actor, w.seat, held), ["chair", "secretary", "admin"]);
    only((w) => can.circulateMinutes(w.actor, w.seat, inProgress), []);
    only((w) => can.circulateMinutes(w.actor, w.seat, circulated), []);
  });

  it("approveMinutes: the chair or the secretariat, once circulated", () => {
    only((w) => can.approveMinutes(w.actor, w.seat, circulated), ["chair", "secretary", "admin"]);
    only((w) => can.approveMinutes(w.actor, w.seat, held), []);
    only((w) => can.approveMinutes(w.actor, w.seat, approved), []);
  });
});
