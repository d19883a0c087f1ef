import { describe, expect, it } from "vitest";
import type { PlatformRole } from "~/generated/prisma/enums.ts";
import { can, requirePermission, type Actor } from "./permissions.server.ts";

const actor = (
  role: PlatformRole,
  id = `${role.toLowerCase()}-1`,
  memberships: NonNullable<Actor>["memberships"] = [],
): Actor => ({
  id,
  role,
  memberships,
});
const admin = actor("ADMIN");
const forumMember = actor("FORUM_MEMBER");
const servant = actor("PUBLIC_SERVANT", "servant-1");
const citizen = actor("CITIZEN");
const anonymous: Actor = null;
const draft = { status: "DRAFT" as const, teamUserIds: ["servant-1"] };

describe("permissions", () => {
  it("lets anyone, even anonymous, read public content", () => {
    expect(can.readPublic(anonymous)).toBe(true);
    expect(can.readPublic(citizen)).toBe(true);
  });

  it("manageOwnAccount: logged-in people only", () => {
    expect(can.manageOwnAccount(citizen)).toBe(true);
    expect(can.manageOwnAccount(anonymous)).toBe(false);
  });

  it("managePlans: the secretariat only", () => {
    expect(can.managePlans(admin)).toBe(true);
    expect(can.managePlans(servant)).toBe(false);
    expect(can.managePlans(forumMember)).toBe(false);
    expect(can.managePlans(anonymous)).toBe(false);
  });

  it("editCommitment: the drafting team and the secretariat, while it is a draft", () => {
    expect(can.editCommitment(servant, draft)).toBe(true);
    expect(can.editCommitment(admin, draft)).toBe(true);
    expect(can.editCommitment(actor("PUBLIC_SERVANT", "someone-else"), draft)).toBe(false);
    expect(can.editCommitment(citizen, draft)).toBe(false);
    expect(can.editCommitment(anonymous, draft)).toBe(false);
    expect(can.editCommitment(servant, { ...draft, status: "IN_CONSULTATION" })).toBe(false);
    expect(can.editCommitment(admin, { ...draft, status: "APPROVED" })).toBe(false);
  });

  it("changeCommitmentStatus: the team moves draft and consultation; the secretariat the rest; approved is frozen", () => {
    expect(can.changeCommitmentStatus(servant, draft, "IN_CONSULTATION")).toBe(true);
    expect(can.changeCommitmentStatus(servant, { ...draft, status: "IN_CONSULTATION" }, "DRAFT")).toBe(true);
    expect(can.changeCommitmentStatus(servant, { ...draft, status: "IN_CONSULTATION" }, "AGREED")).toBe(false);
    expect(can.changeCommitmentStatus(servant, draft, "APPROVED")).toBe(false);
    expect(can.changeCommitmentStatus(citizen, draft, "IN_CONSULTATION")).toBe(false);
    expect(can.changeCommitmentStatus(admin, { ...draft, status: "AGREED" }, "APPROVED")).toBe(true);
    expect(can.changeCommitmentStatus(admin, { ...draft, status: "APPROVED" }, "DRAFT")).toBe(false);
  });

  it("createVersion: the team while it is a draft; the secretariat always", () => {
    expect(can.createVersion(servant, draft)).toBe(true);
    expect(can.createVersion(servant, { ...draft, status: "IN_CONSULTATION" })).toBe(false);
    expect(can.createVersion(admin, { ...draft, status: "APPROVED" })).toBe(true);
    expect(can.createVersion(citizen, draft)).toBe(false);
    expect(can.createVersion(anonymous, draft)).toBe(false);
  });

  it("restoreVersion: the team or the secretariat, only while it is a draft", () => {
    expect(can.restoreVersion(servant, draft)).toBe(true);
    expect(can.restoreVersion(admin, draft)).toBe(true);
    expect(can.restoreVersion(admin, { ...draft, status: "AGREED" })).toBe(false);
    expect(can.restoreVersion(forumMember, draft)).toBe(false);
    expect(can.restoreVersion(anonymous, draft)).toBe(false);
  });

  it("participate: anyone logged in", () => {
    expect(can.participate(citizen)).toBe(true);
    expect(can.participate(anonymous)).toBe(false);
  });

  it("actForOrganization: members of that organisation only", () => {
    const member = actor("ORG_MEMBER", "m", [{ organizationId: "org-a", role: "MEMBER", sector: "CIVIL_SOCIETY" }]);
    expect(can.actForOrganization(member, "org-a")).toBe(true);
    expect(can.actForOrganization(member, "org-b")).toBe(false);
    expect(can.actForOrganization(admin, "org-a")).toBe(false);
    expect(can.actForOrganization(anonymous, "org-a")).toBe(false);
  });

  it("manageOrganization: its representatives and the secretariat", () => {
    const representative = actor("ORG_MEMBER", "r", [
      { organizationId: "org-a", role: "REPRESENTATIVE", sector: "ACADEMIA" },
    ]);
    const member = actor("ORG_MEMBER", "m", [{ organizationId: "org-a", role: "MEMBER", sector: "ACADEMIA" }]);
    expect(can.manageOrganization(representative, "org-a")).toBe(true);
    expect(can.manageOrganization(admin, "org-a")).toBe(true);
    expect(can.manageOrganization(member, "org-a")).toBe(false);
    expect(can.manageOrganization(representative, "org-b")).toBe(false);
    expect(can.manageOrganization(anonymous, "org-a")).toBe(false);
  });

  it("manageForum: the secretariat only", () => {
    expect(can.manageForum(admin)).toBe(true);
    expect(can.manageForum(forumMember)).toBe(false);
  });

  it("actInForum: forum members and the secretariat", () => {
    expect(can.actInForum(forumMember)).toBe(true);
    expect(can.actInForum(admin)).toBe(true);
    expect(can.actInForum(citizen)).toBe(false);
    expect(can.actInForum(anonymous)).toBe(false);
  });

  it("respondForGovernment: public servants and the secretariat", () => {
    expect(can.respondForGovernment(servant)).toBe(true);
    expect(can.respondForGovernment(admin)).toBe(true);
    expect(can.respondForGovernment(forumMember)).toBe(false);
    expect(can.respondForGovernment(citizen)).toBe(false);
  });

  it("readOutbox: the secretariat only", () => {
    expect(can.readOutbox(admin)).toBe(true);
    for (const other of [servant, forumMember, citizen, anonymous]) expect(can.readOutbox(other)).toBe(false);
  });

  it("resetSecondFactor: the secretariat only", () => {
    expect(can.resetSecondFactor(admin)).toBe(true);
    for (const other of [servant, forumMember, citizen, anonymous]) expect(can.resetSecondFactor(other)).toBe(false);
  });

  it("manageUsers: the secretariat only", () => {
    expect(can.manageUsers(admin)).toBe(true);
    expect(can.manageUsers(servant)).toBe(false);
  });

  it("requirePermission answers 401 to visitors and 403 to people without the right", () => {
    expect(() => requirePermission(citizen, true)).not.toThrow();
    const refused = (who: Actor) => {
      try {
        requirePermission(who, false);
      } catch (response) {
        return (response as Response).status;
      }
      return 200;
    };
    expect(refused(anonymous)).toBe(401);
    expect(refused(citizen)).toBe(403);
  });
});
