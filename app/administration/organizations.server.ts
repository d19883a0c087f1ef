import type { OrganizationKind, Sector } from "~/generated/prisma/enums.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can } from "~/utils/permissions.server.ts";
import {
  changedFields,
  forbidden,
  freeSlug,
  invalid,
  notFound,
  slugify,
  type Failure,
  type Secretary,
  type Tx,
} from "./common.server.ts";

// The secretariat registers the organisations and institutions that take part (sector,
// territory, kind) and verifies them. Every act is in the public record: created (with its
// fields), changed (the fields before and after) and verified or unverified. The name is unique
// (ignoring case): the co-drafting document names a commitment's lead institution by its name.

export type OrganizationInput = {
  name: string;
  acronym: string | null;
  kind: OrganizationKind;
  sector: Sector;
  territoryId: string | null;
  description: string | null;
  verified: boolean;
};

/** Path segments an organisation's slug may not take (/organizaciones/<slug>). */
const RESERVED_SLUGS = ["nueva", "nuevo"];

async function checkInput(tx: Tx, input: OrganizationInput, exceptId?: string): Promise<Failure | null> {
  if (input.kind === "INSTITUTION" && input.sector !== "PUBLIC_SECTOR") return invalid("sector", "institutionSector");
  if (input.territoryId) {
    const territory = await tx.territory.findUnique({ where: { id: input.territoryId }, select: { id: true } });
    if (!territory) return invalid("territoryId", "territoryUnknown");
  }
  // Names compared ignoring case and accents, in JavaScript: SQLite's and PostgreSQL's ideas of
  // case-insensitivity differ, and the list is small.
  const normal = (name: string) => slugify(name, 300);
  const others = await tx.organization.findMany({
    where: exceptId ? { id: { not: exceptId } } : {},
    select: { name: true },
  });
  if (others.some((other) => normal(other.name) === normal(input.name))) return invalid("name", "organizationTaken");
  return null;
}

const fields = (o: Omit<OrganizationInput, "verified">) => ({
  name: o.name,
  acronym: o.acronym,
  kind: o.kind,
  sector: o.sector,
  territoryId: o.territoryId,
  description: o.description,
});

/** Registers an organisation (verified at once if the secretariat says so). */
export async function createOrganization(
  actor: Secretary,
  input: OrganizationInput,
): Promise<{ ok: true; id: string; slug: string } | Failure> {
  if (!can.manageOrganizations(actor)) return forbidden;
  if (input.verified && !can.verifyOrganization(actor)) return forbidden;
  return prisma().$transaction(async (tx): Promise<{ ok: true; id: string; slug: string } | Failure> => {
    const problem = await checkInput(tx, input);
    if (problem) return problem;
    const slug = await freeSlug(
      slugify(input.acronym ? `${input.name} ${input.acronym}` : input.name) || "organizacion",
      async (candidate) =>
        (await tx.organization.findUnique({ where: { slug: candidate }, select: { id: true } })) !== null,
      RESERVED_SLUGS,
    );
    const now = new Date();
    const organization = await tx.organization.create({
      data: { slug, ...fields(input), verifiedAt: input.verified ? now : null },
      select: { id: true },
    });
    await appendAct(tx, {
      kind: "organization.created",
      subjectType: "organization",
      subjectId: organization.id,
      actorId: actor.id,
      orgId: organization.id,
      data: { slug, ...fields(input), verified: input.verified },
      at: now,
    });
    return { ok: true, id: organization.id, slug };
  }, LEDGER_TRANSACTION);
}

/** Edits an organisation's fields and its verification; records what changed. */
export async function updateOrganization(
  actor: Secretary,
  id: string,
  input: OrganizationInput,
): Promise<{ ok: true; changed: string[] } | Failure> {
  if (!can.manageOrganizations(actor)) return forbidden;
  return prisma().$transaction(async (tx): Promise<{ ok: true; changed: string[] } | Failure> => {
    const organization = await tx.organization.findUnique({ where: { id } });
    if (!organization) return notFound;
    const verifying = input.verified !== (organization.verifiedAt !== null);
    if (verifying && !can.verifyOrganization(actor)) return forbidden;
    const problem = await checkInput(tx, input, id);
    if (problem) return problem;
    const changes = changedFields(fields(organization), fields(input));
    const changed = [...Object.keys(changes), ...(verifying ? ["verified"] : [])];
    if (changed.length === 0) return { ok: true, changed };
    const now = new Date();
    await tx.organization.update({
      where: { id },
      data: { ...fields(input), ...(verifying ? { verifiedAt: input.verified ? now : null } : {}) },
    });
    if (Object.keys(changes).length > 0) {
      await appendAct(tx, {
        kind: "organization.changed",
        subjectType: "organization",
        subjectId: id,
        actorId: actor.id,
        orgId: id,
        data: { changes },
        at: now,
      });
    }
    if (verifying) {
      await appendAct(tx, {
        kind: "organization.verified",
        subjectType: "organization",
        subjectId: id,
        actorId: actor.id,
        orgId: id,
        data: { verified: input.verified },
        at: now,
      });
    }
    return { ok: true, changed };
  }, LEDGER_TRANSACTION);
}

/** Every organisation for the workspace's list, by name. */
export function listWorkspaceOrganizations() {
  return prisma().organization.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      acronym: true,
      kind: true,
      sector: true,
      verifiedAt: true,
      territory: { select: { name: true } },
      _count: { select: { memberships: true } },
    },
  });
}

/** One organisation as the workspace edits it, or null. */
export function getWorkspaceOrganization(id: string) {
  return prisma().organization.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      name: true,
      acronym: true,
      kind: true,
      sector: true,
      territoryId: true,
      description: true,
      verifiedAt: true,
    },
  });
}
