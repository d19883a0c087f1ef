import { describe, expect, it } from "vitest";
import { createUser, useTestDatabase } from "../../tests/support/factories.ts";
import {
  createOrganization,
  getWorkspaceOrganization,
  updateOrganization,
  type OrganizationInput,
} from "./organizations.server.ts";
import { ensureReferenceTerritories } from "./territories.server.ts";

const input = (overrides: Partial<OrganizationInput> = {}): OrganizationInput => ({
  name: "Colectivo Datos Trujillo",
  acronym: "CDT",
  kind: "ORGANIZATION",
  sector: "CIVIL_SOCIETY",
  territoryId: "13",
  description: null,
  verified: false,
  ...overrides,
});

describe("organisations", () => {
  it("registers, edits and verifies an organisation, each act in the record; the name stays unique", async () => {
    const prisma = await useTestDatabase();
    await ensureReferenceTerritories();
    const admin = { ...(await createUser({ role: "ADMIN" })), memberships: [] };
    const member = { ...(await createUser({ role: "ORG_MEMBER" })), memberships: [] };
    expect(await createOrganization(member, input())).toEqual({ ok: false, error: "forbidden" });
    const created = await createOrganization(admin, input());
    expect(created).toMatchObject({ ok: true, slug: "colectivo-datos-trujillo-cdt" });
    if (!created.ok) return;
    expect(await createOrganization(admin, input({ name: "colectivo datos TRUJILLO" }))).toMatchObject({
      field: "name",
    });
    expect(await createOrganization(admin, input({ name: "Ministerio", kind: "INSTITUTION" }))).toMatchObject({
      field: "sector",
    });
    expect(await createOrganization(admin, input({ name: "Otra", territoryId: "nowhere" }))).toMatchObject({
      field: "territoryId",
    });

    expect(await updateOrganization(admin, created.id, input())).toEqual({ ok: true, changed: [] });
    expect(await updateOrganization(admin, created.id, input({ sector: "ACADEMIA", verified: true }))).toEqual({
      ok: true,
      changed: ["sector", "verified"],
    });
    const row = await getWorkspaceOrganization(created.id);
    expect(row).toMatchObject({ sector: "ACADEMIA", slug: created.slug });
    expect(row!.verifiedAt).toBeInstanceOf(Date);
    const kinds = (
      await prisma.ledgerEntry.findMany({ where: { subjectId: created.id }, orderBy: { seq: "asc" } })
    ).map((e) => [e.kind, JSON.parse(e.data)]);
    expect(kinds).toEqual([
      ["organization.created", expect.objectContaining({ name: "Colectivo Datos Trujillo", verified: false })],
      ["organization.changed", { changes: { sector: { from: "CIVIL_SOCIETY", to: "ACADEMIA" } } }],
      ["organization.verified", { verified: true }],
    ]);
    expect(await updateOrganization(admin, "no-such-organisation", input())).toEqual({ ok: false, error: "not-found" });
  });
});
