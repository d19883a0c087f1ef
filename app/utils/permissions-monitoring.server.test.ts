import { describe, expect, it } from "vitest";
import { can, type Actor } from "./permissions.server.ts";

// Monitoring's rules (progress reports, civil society's assessments, good practices), allowed and refused.

type Memberships = NonNullable<Actor>["memberships"];
const person = (role: NonNullable<Actor>["role"], id: string, memberships: Memberships = []): Actor => ({
  id,
  role,
  memberships,
});
const LEAD = "org-lead";
const commitment = { leadInstitutionId: LEAD, teamUserIds: ["servant-team"] };

describe("monitoring permissions", () => {
  it("reportProgress: the lead institution's members, public servants on the team and the secretariat", () => {
    expect(can.reportProgress(person("ADMIN", "a"), commitment)).toBe(true);
    expect(
      can.reportProgress(
        person("ORG_MEMBER", "m", [{ organizationId: LEAD, role: "MEMBER", sector: "PUBLIC_SECTOR" }]),
        commitment,
      ),
    ).toBe(true);
    expect(can.reportProgress(person("PUBLIC_SERVANT", "servant-team"), commitment)).toBe(true);

    expect(can.reportProgress(null, commitment)).toBe(false);
    expect(can.reportProgress(person("PUBLIC_SERVANT", "other-servant"), commitment)).toBe(false);
    // A citizen on the team (not a public servant) does not speak for the institution.
    expect(can.reportProgress(person("CITIZEN", "servant-team"), commitment)).toBe(false);
    expect(
      can.reportProgress(
        person("ORG_MEMBER", "m", [{ organizationId: "another-org", role: "REPRESENTATIVE", sector: "PUBLIC_SECTOR" }]),
        commitment,
      ),
    ).toBe(false);
    expect(can.reportProgress(person("FORUM_MEMBER", "f"), { leadInstitutionId: null, teamUserIds: [] })).toBe(false);
  });

  it("assessProgress: members of that civil-society organisation only", () => {
    const cso = person("FORUM_MEMBER", "f", [{ organizationId: "cso", role: "MEMBER", sector: "CIVIL_SOCIETY" }]);
    expect(can.assessProgress(cso, "cso")).toBe(true);
    expect(can.assessProgress(cso, "other-cso")).toBe(false);
    const business = person("ORG_MEMBER", "b", [{ organizationId: "firm", role: "MEMBER", sector: "PRIVATE_SECTOR" }]);
    expect(can.assessProgress(business, "firm")).toBe(false);
    expect(can.assessProgress(person("ADMIN", "a"), "cso")).toBe(false);
    expect(can.assessProgress(null, "cso")).toBe(false);
  });

  it("submitPractice: anyone logged in", () => {
    expect(can.submitPractice(person("CITIZEN", "c"))).toBe(true);
    expect(can.submitPractice(null)).toBe(false);
  });

  it("reviewPractice: the secretariat and public servants", () => {
    expect(can.reviewPractice(person("ADMIN", "a"))).toBe(true);
    expect(can.reviewPractice(person("PUBLIC_SERVANT", "s"))).toBe(true);
    expect(can.reviewPractice(person("CITIZEN", "c"))).toBe(false);
    expect(can.reviewPractice(person("FORUM_MEMBER", "f"))).toBe(false);
    expect(can.reviewPractice(null)).toBe(false);
  });
});
