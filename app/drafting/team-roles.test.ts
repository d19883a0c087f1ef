import { describe, expect, it } from "vitest";
import { isGovernment, isTeamRole, teamRoleRefusal } from "./team-roles.ts";

describe("drafting team roles", () => {
  const servant = { role: "PUBLIC_SERVANT" as const, sectors: [] };
  const publicSectorMember = { role: "ORG_MEMBER" as const, sectors: ["PUBLIC_SECTOR" as const] };
  const activist = { role: "FORUM_MEMBER" as const, sectors: ["CIVIL_SOCIETY" as const] };
  const citizen = { role: "CITIZEN" as const, sectors: [] };

  it("knows its roles", () => {
    expect(isTeamRole("MEMBER")).toBe(true);
    expect(isTeamRole("CIVIL_SOCIETY_CO_LEAD")).toBe(true);
    expect(isTeamRole("ADMIN")).toBe(false);
    expect(isTeamRole(undefined)).toBe(false);
  });

  it("counts public servants, the secretariat and public-sector members as government", () => {
    expect(isGovernment(servant)).toBe(true);
    expect(isGovernment({ role: "ADMIN", sectors: [] })).toBe(true);
    expect(isGovernment(publicSectorMember)).toBe(true);
    expect(isGovernment(activist)).toBe(false);
    expect(isGovernment(citizen)).toBe(false);
  });

  it("takes a government co-lead from government and a civil-society co-lead from outside it; anyone is a member", () => {
    expect(teamRoleRefusal("GOVERNMENT_CO_LEAD", servant)).toBeNull();
    expect(teamRoleRefusal("GOVERNMENT_CO_LEAD", activist)).toBe("roleNeedsGovernment");
    expect(teamRoleRefusal("CIVIL_SOCIETY_CO_LEAD", activist)).toBeNull();
    expect(teamRoleRefusal("CIVIL_SOCIETY_CO_LEAD", citizen)).toBeNull();
    expect(teamRoleRefusal("CIVIL_SOCIETY_CO_LEAD", publicSectorMember)).toBe("roleNeedsCivilSociety");
    for (const person of [servant, publicSectorMember, activist, citizen]) {
      expect(teamRoleRefusal("MEMBER", person)).toBeNull();
    }
  });
});
