import { describe, expect, it } from "vitest";
import { commitmentLineage } from "~/record/lineage.server.ts";
import { verifyLedger } from "~/record/ledger.server.ts";
import {
  createOrganization,
  createPlanWithCommitment,
  createUser,
  useTestDatabase,
} from "../../tests/support/factories.ts";
import { createCommitment, proposalsToAccept } from "./commitments.server.ts";

async function setUp() {
  const prisma = await useTestDatabase();
  const admin = { ...(await createUser({ role: "ADMIN" })), memberships: [] };
  const servant = { ...(await createUser({ role: "PUBLIC_SERVANT" })), memberships: [] };
  const { plan } = await createPlanWithCommitment();
  const author = await createUser({ name: "Autora de la propuesta" });
  const proposal = await prisma.proposal.create({
    data: {
      planId: plan.id,
      authorId: author.id,
      title: "Datos abiertos de salud",
      body: "Publicar los datos de las postas de salud en formatos abiertos.",
      searchText: "datos abiertos de salud",
    },
  });
  return { prisma, admin, servant, plan, proposal, author };
}

describe("new commitments", () => {
  it("creates an empty draft numbered after the plan's last one, with its lead institution", async () => {
    const { prisma, admin, servant, plan } = await setUp();
    const institution = await prisma.organization.create({
      data: { slug: `inst-${plan.id}`, name: `Ministerio ${plan.id}`, kind: "INSTITUTION", sector: "PUBLIC_SECTOR" },
    });
    expect(await createCommitment(servant, plan.id, { title: "No me toca" })).toEqual({
      ok: false,
      error: "forbidden",
    });
    const created = await createCommitment(admin, plan.id, {
      title: "Un compromiso nuevo",
      leadInstitutionId: institution.id,
    });
    expect(created).toMatchObject({ ok: true, number: 2 });
    if (!created.ok) return;
    const row = await prisma.commitment.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      status: "DRAFT",
      title: "Un compromiso nuevo",
      leadInstitutionId: institution.id,
      problem: null,
    });
    const entries = await prisma.ledgerEntry.findMany({ where: { commitmentId: created.id } });
    expect(entries.map((e) => e.kind)).toEqual(["commitment.created"]);

    const civil = await createOrganization("CIVIL_SOCIETY");
    expect(await createCommitment(admin, plan.id, { title: "Con una ONG", leadInstitutionId: civil.id })).toMatchObject(
      {
        field: "leadInstitutionId",
      },
    );
    expect(await createCommitment(admin, "no-such-plan", { title: "Sin plan" })).toEqual({
      ok: false,
      error: "not-found",
    });
  });

  it("accepts a proposal into a new commitment: linked, answered with a reason, in the commitment's lineage", async () => {
    const { prisma, admin, plan, proposal, author } = await setUp();
    expect((await proposalsToAccept(plan.id)).map((p) => p.id)).toContain(proposal.id);
    const created = await createCommitment(admin, plan.id, {
      title: "Salud en datos abiertos",
      fromProposalId: proposal.id,
    });
    if (!created.ok) throw new Error("not created");
    const accepted = await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(accepted).toMatchObject({ status: "ACCEPTED", commitmentId: created.id, respondedById: admin.id });
    expect(accepted.responseReason).toContain("Salud en datos abiertos");
    const draft = await prisma.commitment.findUniqueOrThrow({ where: { id: created.id } });
    expect(draft.problem).toBe(proposal.body);
    const lineage = await commitmentLineage(created.id);
    expect(lineage.proposals.map((p) => p.id)).toEqual([proposal.id]);
    expect(lineage.proposals[0]!.entries.map((e) => e.kind)).toContain("proposal.responded");
    expect(lineage.workflow.map((e) => e.kind)).toContain("commitment.created");
    expect(await prisma.notification.count({ where: { userId: author.id, proposalId: proposal.id } })).toBe(1);

    // Answered now: it cannot start another commitment.
    const before = await prisma.commitment.count({ where: { planId: plan.id } });
    expect(await createCommitment(admin, plan.id, { title: "Otra vez", fromProposalId: proposal.id })).toMatchObject({
      field: "fromProposalId",
    });
    expect(
      await createCommitment(admin, plan.id, { title: "Ajena", fromProposalId: "no-such-proposal" }),
    ).toMatchObject({
      field: "fromProposalId",
    });
    expect(await prisma.commitment.count({ where: { planId: plan.id } })).toBe(before);
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("gives concurrent commitments different numbers", async () => {
    const { prisma, admin, plan } = await setUp();
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) => createCommitment(admin, plan.id, { title: `Compromiso paralelo ${i}` })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const numbers = (await prisma.commitment.findMany({ where: { planId: plan.id }, select: { number: true } })).map(
      (c) => c.number,
    );
    expect(numbers.sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
