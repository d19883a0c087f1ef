import { describe, expect, it } from "vitest";
import type { PlatformRole } from "~/generated/prisma/enums.ts";
import { can, participationOpen, type Actor } from "./permissions.server.ts";

// The participation rules, each with an allowed and a refused case.

const actor = (role: PlatformRole, id: string, orgs: string[] = []): Actor => ({
  id,
  role,
  memberships: orgs.map((organizationId) => ({
    organizationId,
    role: "MEMBER" as const,
    sector: "CIVIL_SOCIETY" as const,
  })),
});
const admin = actor("ADMIN", "admin");
const servant = actor("PUBLIC_SERVANT", "servant");
const citizen = actor("CITIZEN", "citizen");
const member = actor("ORG_MEMBER", "member", ["org-1"]);
const anonymous: Actor = null;

const now = new Date("2027-03-01T12:00:00Z");
const open = {
  phase: "CO_CREATION" as const,
  participationOpensAt: new Date("2027-02-01T00:00:00Z"),
  participationClosesAt: new Date("2027-04-01T00:00:00Z"),
};
const closed = { ...open, participationClosesAt: new Date("2027-02-15T00:00:00Z") };
const proposal = { authorId: "citizen", status: "PUBLISHED" as const };

describe("participation permissions", () => {
  it("participationOpen: only between both ends of the window, in co-creation", () => {
    expect(participationOpen(open, now)).toBe(true);
    expect(participationOpen(closed, now)).toBe(false);
    expect(participationOpen({ ...open, participationOpensAt: null }, now)).toBe(false);
    expect(participationOpen({ ...open, phase: "IMPLEMENTATION" }, now)).toBe(false);
    expect(participationOpen({ ...open, participationOpensAt: new Date("2027-03-02T00:00:00Z") }, now)).toBe(false);
  });

  it("publishProposal: anyone logged in, on an organisation's behalf only with a membership", () => {
    expect(can.publishProposal(citizen, open)).toBe(true);
    expect(can.publishProposal(member, open, "org-1")).toBe(true);
    expect(can.publishProposal(citizen, open, "org-1")).toBe(false);
    expect(can.publishProposal(anonymous, open)).toBe(false);
    expect(can.publishProposal(citizen, { ...open, phase: "CLOSED" })).toBe(false);
  });

  it("withdrawProposal: its author, before an answer", () => {
    expect(can.withdrawProposal(citizen, proposal)).toBe(true);
    expect(can.withdrawProposal(member, proposal)).toBe(false);
    expect(can.withdrawProposal(admin, proposal)).toBe(false);
    expect(can.withdrawProposal(citizen, { ...proposal, status: "ACCEPTED" })).toBe(false);
  });

  it("supportProposal: logged in, window open, proposal not withdrawn", () => {
    expect(can.supportProposal(member, proposal, open, now)).toBe(true);
    expect(can.supportProposal(anonymous, proposal, open, now)).toBe(false);
    expect(can.supportProposal(member, proposal, closed, now)).toBe(false);
    expect(can.supportProposal(member, { ...proposal, status: "WITHDRAWN" }, open, now)).toBe(false);
  });

  it("endorseProposal: as oneself, or for an organisation where one holds a role", () => {
    expect(can.endorseProposal(citizen, proposal)).toBe(true);
    expect(can.endorseProposal(member, proposal, "org-1")).toBe(true);
    expect(can.endorseProposal(member, proposal, "org-2")).toBe(false);
    expect(can.endorseProposal(anonymous, proposal)).toBe(false);
  });

  it("comment: anyone logged in", () => {
    expect(can.comment(citizen)).toBe(true);
    expect(can.comment(anonymous)).toBe(false);
  });

  it("editComment: the author, while not deleted", () => {
    expect(can.editComment(citizen, { authorId: "citizen", deletedAt: null })).toBe(true);
    expect(can.editComment(admin, { authorId: "citizen", deletedAt: null })).toBe(false);
    expect(can.editComment(citizen, { authorId: "citizen", deletedAt: new Date() })).toBe(false);
  });

  it("reportComment: anyone logged in, not on their own comment", () => {
    expect(can.reportComment(member, { authorId: "citizen" })).toBe(true);
    expect(can.reportComment(citizen, { authorId: "citizen" })).toBe(false);
    expect(can.reportComment(anonymous, { authorId: "citizen" })).toBe(false);
  });

  it("moderate: the secretariat only", () => {
    expect(can.moderate(admin)).toBe(true);
    expect(can.moderate(servant)).toBe(false);
    expect(can.moderate(citizen)).toBe(false);
  });

  it("respondToContribution: public servants and the secretariat", () => {
    expect(can.respondToContribution(servant)).toBe(true);
    expect(can.respondToContribution(admin)).toBe(true);
    expect(can.respondToContribution(member)).toBe(false);
    expect(can.respondToContribution(anonymous)).toBe(false);
  });
});
