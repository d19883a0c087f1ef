import { beforeEach, describe, expect, it } from "vitest";
import {
  createOrganization,
  createPlanWithCommitment,
  createUser,
  useTestDatabase,
} from "../../tests/support/factories.ts";
import { recordAct, verifyLedger, votePseudonym } from "~/record/ledger.server.ts";
import { commitmentLineage } from "~/record/lineage.server.ts";
import { compliance, isOverdue, isSilent, planCompliance, planProgress } from "./monitoring.server.ts";
import { datasetCsv, datasetJson, findDataset } from "./open-data.server.ts";
import {
  fileProgressReport,
  listReports,
  pairByPeriod,
  periodOf,
  previousPeriod,
  type NewReport,
} from "./progress.server.ts";

const prisma = await useTestDatabase();

async function setup() {
  const { plan, commitment } = await createPlanWithCommitment();
  const lead = await createOrganization("PUBLIC_SECTOR");
  const cso = await createOrganization("CIVIL_SOCIETY");
  await prisma.commitment.update({ where: { id: commitment.id }, data: { leadInstitutionId: lead.id } });
  const milestone = await prisma.milestone.create({
    data: { commitmentId: commitment.id, position: 1, description: "Hito uno", endDate: new Date("2020-01-01") },
  });
  const indicator = await prisma.indicator.create({
    data: { commitmentId: commitment.id, kind: "RESULT", name: "Personas", baseline: "0", target: "100" },
  });
  const servant = await createUser({ role: "PUBLIC_SERVANT", name: "Servidora" });
  await prisma.membership.create({ data: { userId: servant.id, organizationId: lead.id } });
  const activist = await createUser({ role: "CITIZEN", name: "Activista" });
  await prisma.membership.create({ data: { userId: activist.id, organizationId: cso.id } });
  const citizen = await createUser({ role: "CITIZEN" });
  const actors = {
    servant: {
      id: servant.id,
      role: servant.role,
      memberships: [{ organizationId: lead.id, role: "MEMBER" as const, sector: "PUBLIC_SECTOR" as const }],
    },
    activist: {
      id: activist.id,
      role: activist.role,
      memberships: [{ organizationId: cso.id, role: "MEMBER" as const, sector: "CIVIL_SOCIETY" as const }],
    },
    citizen: { id: citizen.id, role: citizen.role, memberships: [] },
  };
  return { plan, commitment, lead, cso, milestone, indicator, actors, servant };
}

const report = (over: Partial<NewReport> = {}): NewReport => ({
  source: "INSTITUTION",
  period: "2027-S1",
  completion: "SUBSTANTIAL",
  narrative: "Se avanzó en la mayor parte del compromiso.",
  milestones: [],
  indicators: [],
  links: [],
  files: [],
  ...over,
});

describe("progress reports", () => {
  beforeEach(async () => {
    await prisma.ledgerEntry.deleteMany();
  });

  it("the institution's report updates completion and is appended to the record with its commitment", async () => {
    const { commitment, milestone, indicator, actors, lead } = await setup();
    const result = await fileProgressReport(
      commitment.id,
      report({
        milestones: [{ milestoneId: milestone.id, completion: "COMPLETE" }],
        indicators: [{ indicatorId: indicator.id, value: "60" }],
        links: ["https://example.pe/acta"],
      }),
      actors.servant,
    );
    expect(result.ok).toBe(true);
    const updated = await prisma.commitment.findUniqueOrThrow({ where: { id: commitment.id } });
    expect(updated.completion).toBe("SUBSTANTIAL");
    expect((await prisma.milestone.findUniqueOrThrow({ where: { id: milestone.id } })).completion).toBe("COMPLETE");
    const entries = await prisma.ledgerEntry.findMany();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: "progress.reported",
      commitmentId: commitment.id,
      actorId: actors.servant.id,
      orgId: lead.id,
      sector: "PUBLIC_SECTOR",
    });
    expect(JSON.parse(entries[0]!.data)).toMatchObject({
      period: "2027-S1",
      indicators: [{ id: indicator.id, value: "60" }],
    });
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("civil society files its own assessment beside the institution's, without changing completion", async () => {
    const { commitment, actors, cso } = await setup();
    await fileProgressReport(commitment.id, report(), actors.servant);
    const assessment = await fileProgressReport(
      commitment.id,
      report({ source: "CIVIL_SOCIETY", organizationId: cso.id, completion: "LIMITED" }),
      actors.activist,
    );
    expect(assessment.ok).toBe(true);
    expect((await prisma.commitment.findUniqueOrThrow({ where: { id: commitment.id } })).completion).toBe(
      "SUBSTANTIAL",
    );
    const pairs = pairByPeriod(await listReports(commitment.id));
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.institution?.completion).toBe("SUBSTANTIAL");
    expect(pairs[0]!.civilSociety.map((r) => r.completion)).toEqual(["LIMITED"]);
  });

  it("refuses people without the right, foreign milestones and periods outside the plan, changing nothing", async () => {
    const { commitment, actors, cso } = await setup();
    const other = await createPlanWithCommitment();
    const foreign = await prisma.milestone.create({
      data: { commitmentId: other.commitment.id, position: 1, description: "x" },
    });
    expect(await fileProgressReport(commitment.id, report(), actors.citizen)).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    expect(await fileProgressReport(commitment.id, report(), null)).toMatchObject({ ok: false, error: "forbidden" });
    expect(await fileProgressReport(commitment.id, report(), actors.activist)).toMatchObject({
      ok: false,
      error: "forbidden",
    });
    expect(
      await fileProgressReport(
        commitment.id,
        report({ source: "CIVIL_SOCIETY", organizationId: cso.id }),
        actors.servant,
      ),
    ).toMatchObject({ ok: false, error: "forbidden" });
    expect(
      await fileProgressReport(
        commitment.id,
        report({ milestones: [{ milestoneId: foreign.id, completion: "COMPLETE" }] }),
        actors.servant,
      ),
    ).toMatchObject({ ok: false, error: "invalid" });
    expect(await fileProgressReport(commitment.id, report({ period: "2031-S1" }), actors.servant)).toMatchObject({
      ok: false,
      error: "invalid",
    });
    expect(await fileProgressReport("no-such-commitment", report(), actors.servant)).toMatchObject({
      error: "not-found",
    });
    expect(await prisma.progressReport.count({ where: { commitmentId: commitment.id } })).toBe(0);
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });
});

describe("completion, compliance and flags", () => {
  it("compliance is the share of substantial or complete commitments", () => {
    expect(compliance([])).toBeNull();
    expect(compliance(["COMPLETE", "SUBSTANTIAL", "LIMITED", null])).toBe(50);
    expect(compliance(["NOT_STARTED"])).toBe(0);
  });

  it("a milestone past its end date and not complete is overdue", () => {
    const now = new Date("2027-08-01");
    expect(isOverdue({ endDate: new Date("2027-07-01"), completion: "SUBSTANTIAL" }, now)).toBe(true);
    expect(isOverdue({ endDate: new Date("2027-07-01"), completion: "COMPLETE" }, now)).toBe(false);
    expect(isOverdue({ endDate: new Date("2027-09-01"), completion: null }, now)).toBe(false);
    expect(isOverdue({ endDate: null, completion: null }, now)).toBe(false);
  });

  it("a started commitment of a plan in implementation without a report last period is silent", () => {
    const now = new Date("2027-08-01");
    expect(periodOf(now)).toBe("2027-S2");
    expect(previousPeriod("2027-S1")).toBe("2026-S2");
    const base = { startDate: new Date("2027-01-15"), plan: { phase: "IMPLEMENTATION" as const } };
    expect(isSilent({ ...base, reportPeriods: [] }, now)).toBe(true);
    expect(isSilent({ ...base, reportPeriods: ["2027-S1"] }, now)).toBe(false);
    expect(isSilent({ ...base, reportPeriods: ["2027-S2"] }, now)).toBe(false);
    expect(isSilent({ ...base, startDate: new Date("2027-07-15"), reportPeriods: [] }, now)).toBe(false);
    expect(isSilent({ ...base, plan: { phase: "CO_CREATION" }, reportPeriods: [] }, now)).toBe(false);
  });

  it("a plan's progress counts completion and flags overdue milestones; declared figures stay as declared", async () => {
    const { plan, commitment, actors } = await setup();
    await prisma.plan.update({ where: { id: plan.id }, data: { declaredCompliance: 30 } });
    await fileProgressReport(commitment.id, report({ completion: "COMPLETE" }), actors.servant);
    const progress = await planProgress(plan.id);
    expect(progress).toMatchObject({
      declaredCompliance: 30,
      computedCompliance: 100,
      completionCounts: { COMPLETE: 1 },
    });
    expect(progress!.commitments[0]).toMatchObject({
      completion: "COMPLETE",
      overdueMilestones: 1,
      reportedPeriods: ["2027-S1"],
    });
    const listed = (await planCompliance()).find((p) => p.id === plan.id);
    expect(listed).toMatchObject({ declaredCompliance: 30, computedCompliance: 100 });
    expect(await planProgress("no-such-plan")).toBeNull();
  });
});

describe("lineage", () => {
  it("collects the commitment's acts and its proposals', with names resolved, deleted people marked and votes counted", async () => {
    await prisma.ledgerEntry.deleteMany();
    const { commitment, actors, servant } = await setup();
    const proposer = await createUser({ name: "Proponente" });
    const endorser = await createUser({ name: "Respaldo Temporal" });
    await recordAct({
      kind: "proposal.published",
      subjectType: "proposal",
      subjectId: "prop-1",
      actorId: proposer.id,
      sector: "CIVIL_SOCIETY",
      data: { title: "Datos de salud" },
    });
    await recordAct({
      kind: "endorsement.made",
      subjectType: "proposal",
      subjectId: "prop-1",
      actorId: endorser.id,
      sector: "ACADEMIA",
    });
    for (const voter of ["v1", "v2", "v3"]) {
      await recordAct({
        kind: "vote.cast",
        subjectType: "proposal",
        subjectId: "prop-1",
        pseudonym: await votePseudonym(voter, "prop-1"),
      });
    }
    await recordAct({
      kind: "vote.withdrawn",
      subjectType: "proposal",
      subjectId: "prop-1",
      pseudonym: await votePseudonym("v1", "prop-1"),
    });
    await recordAct({
      kind: "proposal.status",
      subjectType: "proposal",
      subjectId: "prop-1",
      commitmentId: commitment.id,
      actorId: servant.id,
      data: { to: "ACCEPTED" },
    });
    await recordAct({
      kind: "proposal.published",
      subjectType: "proposal",
      subjectId: "unrelated",
      actorId: proposer.id,
    });
    await fileProgressReport(commitment.id, report(), actors.servant);
    await prisma.user.delete({ where: { id: endorser.id } });

    const lineage = await commitmentLineage(commitment.id);
    expect(lineage.proposals.map((p) => p.id)).toEqual(["prop-1"]);
    const proposal = lineage.proposals[0]!;
    expect(proposal.votes).toEqual({ cast: 3, withdrawn: 1, net: 2 });
    expect(proposal.entries.some((e) => e.kind.startsWith("vote."))).toBe(false);
    expect(proposal.entries[0]).toMatchObject({
      kind: "proposal.published",
      actor: { name: "Proponente" },
      sector: "CIVIL_SOCIETY",
    });
    expect(proposal.endorsers).toEqual([
      { actor: { id: endorser.id, name: null }, sector: "ACADEMIA", organization: null },
    ]);
    expect(lineage.progress).toHaveLength(1);
    expect(JSON.stringify(lineage)).not.toContain("unrelated");
    expect((await verifyLedger()).ok).toBe(true);
  });
});

describe("open data", () => {
  it("serves commitments with OGP's columns as CSV and JSON with the licence", async () => {
    const { commitment } = await setup();
    await prisma.commitment.update({
      where: { id: commitment.id },
      data: { title: "=cmd|' /C calc'!A0", valueCivicParticipation: true },
    });
    const dataset = findDataset("compromisos")!;
    const csv = await datasetCsv(dataset);
    const [header] = csv.slice(1).split("\r\n");
    expect(header!.split(",").slice(0, 4)).toEqual([
      "commitment_unique_identifier",
      "country_locality",
      "region",
      "theme",
    ]);
    expect(csv).toContain("'=cmd|' /C calc'!A0");
    const json = await datasetJson(dataset);
    expect(json.license.id).toBe("CC-BY-4.0");
    expect(json.data.find((row) => row.minka_id === commitment.id)).toMatchObject({
      ogp_value_civic_participation: 1,
      country_locality: "Peru",
    });
    expect(findDataset("no-such")).toBeUndefined();
  });
});
