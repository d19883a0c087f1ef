import { describe, expect, it } from "vitest";
import type { PlatformRole } from "~/generated/prisma/enums.ts";
import { can, type Actor } from "./permissions.server.ts";

// The rules of the secretariat's workspace (docs/decisions/019), for every platform role and an
// anonymous visitor: only the administrators (the secretariat) pass.

const actor = (role: PlatformRole, memberships: NonNullable<Actor>["memberships"] = []): Actor => ({
  id: `${role.toLowerCase()}-1`,
  role,
  memberships,
});
const admin = actor("ADMIN");
const others: Actor[] = [
  actor("FORUM_MEMBER"),
  actor("PUBLIC_SERVANT", [{ organizationId: "pcm", role: "MEMBER", sector: "PUBLIC_SECTOR" }]),
  actor("ORG_MEMBER", [{ organizationId: "org-a", role: "REPRESENTATIVE", sector: "CIVIL_SOCIETY" }]),
  actor("CITIZEN"),
  null,
];

describe("workspace permissions", () => {
  it("accessWorkspace: the secretariat only", () => {
    expect(can.accessWorkspace(admin)).toBe(true);
    for (const other of others) expect(can.accessWorkspace(other)).toBe(false);
  });

  it("createCommitment: the secretariat only", () => {
    expect(can.createCommitment(admin)).toBe(true);
    for (const other of others) expect(can.createCommitment(other)).toBe(false);
  });

  it("manageOrganizations: the secretariat only (not even an organisation's representative)", () => {
    expect(can.manageOrganizations(admin)).toBe(true);
    for (const other of others) expect(can.manageOrganizations(other)).toBe(false);
  });

  it("verifyOrganization: the secretariat only", () => {
    expect(can.verifyOrganization(admin)).toBe(true);
    for (const other of others) expect(can.verifyOrganization(other)).toBe(false);
  });

  it("managePlans and manageDraftingTeam, which the workspace also uses: the secretariat only", () => {
    expect(can.managePlans(admin)).toBe(true);
    expect(can.manageDraftingTeam(admin)).toBe(true);
    for (const other of others) {
      expect(can.managePlans(other)).toBe(false);
      expect(can.manageDraftingTeam(other)).toBe(false);
    }
  });
});
