import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Sector } from "~/generated/prisma/enums.ts";
import { verifyLedger } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import type { Actor } from "~/utils/permissions.server.ts";
import { canWriteMinutes, minutesAccessResource, type MinutesResource } from "./minutes-access.server.ts";
import {
  createOrganization,
  createPlanWithCommitment,
  createUser,
  useTestDatabase,
} from "../../tests/support/factories.ts";
import { addAgendaItem, confirmAttendance, getSession, removeAgendaItem, scheduleSessions } from "./sessions.server.ts";
import { approveMinutes, circulateMinutes, liveMinutesBody, minutesMarkdown } from "./minutes.server.ts";
import {
  castVote,
  closeMotion,
  endSession,
  openMotion,
  recordAgreement,
  startSession,
  takeRollCall,
  updateAgreement,
} from "./meeting.server.ts";
import { getStandards } from "./forum.server.ts";

// The forum's model against a real database: every act authorised, refused with a reason where
// it must be, recorded in the public record in the same transaction, and written into the minutes.

type Person = { actor: NonNullable<Actor>; memberId: string | null };
const people = {} as Record<
  "admin" | "chair" | "member" | "excused" | "alternate" | "privateRep" | "academic" | "citizen",
  Person
>;

async function seatedUser(
  sector: Sector,
  role: string | null,
  platform: "FORUM_MEMBER" | "ADMIN" | "CITIZEN" = "FORUM_MEMBER",
) {
  const user = await createUser({ role: platform, name: `Persona ${role ?? platform}` });
  const actor = { id: user.id, role: user.role, memberships: [] };
  if (!role) return { actor, memberId: null };
  const org = await createOrganization(sector);
  const member = await prisma().forumMember.create({
    data: { userId: user.id, organizationId: org.id, sector, role, name: user.name },
  });
  return { actor, memberId: member.id };
}

let commitmentId: string;

beforeAll(async () => {
  await useTestDatabase();
  people.admin = await seatedUser("PUBLIC_SECTOR", null, "ADMIN");
  people.chair = await seatedUser("PUBLIC_SECTOR", "chair");
  people.member = await seatedUser("CIVIL_SOCIETY", "member");
  people.excused = await seatedUser("CIVIL_SOCIETY", "member");
  people.alternate = await seatedUser("CIVIL_SOCIETY", "alternate");
  people.privateRep = await seatedUser("PRIVATE_SECTOR", "member");
  people.academic = await seatedUser("ACADEMIA", "member");
  people.citizen = await seatedUser("CIVIL_SOCIETY", null, "CITIZEN");
  await prisma().forumRules.create({ data: { id: "forum", text: "Reglamento", publishedAt: new Date() } });
  commitmentId = (await createPlanWithCommitment()).commitment.id;
});

describe("forum model", () => {
  it("schedules a monthly series for the secretariat only", async () => {
    const refused = await scheduleSessions(people.member.actor, {
      title: "Sesión",
      scheduledAt: new Date("2027-01-07T20:00:00Z"),
      location: null,
      repeat: 1,
    });
    expect(refused).toEqual({ ok: false, error: "forbidden" });
    const result = await scheduleSessions(people.admin.actor, {
      title: "Sesión ordinaria",
      scheduledAt: new Date("2027-01-07T20:00:00Z"),
      location: "Sala",
      repeat: 3,
    });
    expect(result.ok).toBe(true);
    const rows = await prisma().forumSession.findMany({
      where: { id: { in: result.ok ? result.ids : [] } },
      orderBy: { scheduledAt: "asc" },
    });
    expect(rows.map((r) => r.scheduledAt.toISOString())).toEqual([
      "2027-01-07T20:00:00.000Z",
      "2027-02-04T20:00:00.000Z",
      "2027-03-04T20:00:00.000Z",
    ]);
    expect(new Set(rows.map((r) => r.seriesId)).size).toBe(1);
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3]);
  });

  it("runs a whole session: agenda, confirmations, roll call, motion and votes, agreement, minutes", async () => {
    const scheduled = await scheduleSessions(people.admin.actor, {
      title: "Sesión de prueba",
      scheduledAt: new Date("2027-05-06T20:00:00Z"),
      location: null,
      repeat: 1,
    });
    if (!scheduled.ok) throw new Error("not scheduled");
    const id = scheduled.ids[0]!;

    // Agenda: a member proposes, links are checked, the secretariat removes.
    const item = await addAgendaItem(people.member.actor, id, {
      title: "",
      kind: "commitment",
      targetId: commitmentId,
    });
    expect(item.ok).toBe(true);
    expect(
      await addAgendaItem(people.member.actor, id, { title: "X", kind: "commitment", targetId: "nope" }),
    ).toMatchObject({
      ok: false,
      reason: "target-unknown",
    });
    expect(await addAgendaItem(people.member.actor, id, { title: "X", kind: "proposal", targetId: "" })).toMatchObject({
      ok: false,
      reason: "target-required",
    });
    expect(await addAgendaItem(people.citizen.actor, id, { title: "X", kind: "other", targetId: null })).toMatchObject({
      error: "forbidden",
    });
    const extra = await addAgendaItem(people.member.actor, id, { title: "Varios", kind: "other", targetId: "ignored" });
    if (!extra.ok) throw new Error("no item");
    expect(await removeAgendaItem(people.member.actor, id, extra.id)).toMatchObject({ error: "forbidden" });
    expect(await removeAgendaItem(people.admin.actor, id, extra.id)).toEqual({ ok: true });

    // Confirmations.
    expect(await confirmAttendance(people.member.actor, id, "YES")).toEqual({ ok: true });
    expect(await confirmAttendance(people.citizen.actor, id, "YES")).toMatchObject({ error: "forbidden" });

    // Start: the minutes begin with the agenda as skeleton.
    expect(await startSession(people.member.actor, id)).toMatchObject({ error: "forbidden" });
    expect(await startSession(people.chair.actor, id)).toEqual({ ok: true });
    expect(await startSession(people.chair.actor, id)).toMatchObject({ error: "forbidden" });
    expect(await liveMinutesBody(id)).toContain("### 1. Compromiso 1: Compromiso de prueba");

    // Roll call: quorum needs 3 of the 5 voting members (the alternate has no vote) and every sector.
    const roll = (entries: [Person, string][]) =>
      takeRollCall(people.chair.actor, id, new Map(entries.map(([p, s]) => [p.memberId!, s as "PRESENT"])));
    expect(await takeRollCall(people.member.actor, id, new Map())).toMatchObject({ error: "forbidden" });
    expect(await takeRollCall(people.chair.actor, id, new Map([["someone-else", "PRESENT"]]))).toMatchObject({
      reason: "unknown-member",
    });
    await roll([
      [people.chair, "PRESENT"],
      [people.member, "PRESENT"],
      [people.excused, "EXCUSED"],
      [people.alternate, "PRESENT"],
    ]);
    expect((await getSession(id))!.quorum).toMatchObject({
      reached: false,
      attending: 2,
      missingSectors: ["PRIVATE_SECTOR", "ACADEMIA"],
    });
    await roll([
      [people.privateRep, "REMOTE"],
      [people.academic, "PRESENT"],
    ]);
    expect((await getSession(id))!.quorum).toMatchObject({ reached: true, attending: 4, total: 5, required: 3 });

    // A motion under the commitment's item.
    expect(await openMotion(people.admin.actor, id, { text: "Moción", agendaItemId: null })).toMatchObject({
      error: "forbidden",
    });
    const motion = await openMotion(people.chair.actor, id, {
      text: "Enviar el compromiso a consulta",
      agendaItemId: item.ok ? item.id : null,
    });
    if (!motion.ok) throw new Error("no motion");
    expect(await castVote(people.member.actor, motion.id, "FOR")).toEqual({ ok: true });
    expect(await castVote(people.member.actor, motion.id, "AGAINST")).toMatchObject({ reason: "already-voted" });
    expect(await castVote(people.excused.actor, motion.id, "FOR")).toMatchObject({ reason: "not-attending" });
    expect(await castVote(people.alternate.actor, motion.id, "FOR")).toMatchObject({ reason: "no-vote" });
    expect(await castVote(people.citizen.actor, motion.id, "FOR")).toMatchObject({ reason: "not-member" });
    expect(await castVote(null, motion.id, "FOR")).toMatchObject({ reason: "not-logged-in" });
    expect(await castVote(people.chair.actor, "nope", "FOR")).toMatchObject({ error: "not-found" });
    // Two votes at the same moment from one person: exactly one counts.
    const both = await Promise.all([
      castVote(people.academic.actor, motion.id, "FOR"),
      castVote(people.academic.actor, motion.id, "AGAINST"),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(await castVote(people.privateRep.actor, motion.id, "AGAINST")).toEqual({ ok: true });
    expect(await castVote(people.chair.actor, motion.id, "ABSTAIN")).toEqual({ ok: true });

    expect(await endSession(people.chair.actor, id)).toMatchObject({ reason: "motions-open" });
    expect(await closeMotion(people.member.actor, motion.id)).toMatchObject({ error: "forbidden" });
    const closed = await closeMotion(people.chair.actor, motion.id);
    expect(closed.ok).toBe(true);
    expect(await castVote(people.privateRep.actor, motion.id, "FOR")).toMatchObject({ reason: "motion-closed" });
    expect(await closeMotion(people.chair.actor, motion.id)).toMatchObject({ reason: "motion-closed" });
    const detail = (await getSession(id))!;
    const tally = detail.motions[0]!.tally;
    expect(tally.FOR + tally.AGAINST + tally.ABSTAIN).toBe(4);
    expect(tally.bySector.CIVIL_SOCIETY.FOR).toBe(1);
    expect(tally.bySector.PRIVATE_SECTOR.AGAINST).toBe(1);
    const decided = await prisma().ledgerEntry.findFirstOrThrow({
      where: { kind: "forum.motion.decided", subjectId: motion.id },
    });
    expect(decided.commitmentId).toBe(commitmentId);
    expect(JSON.parse(decided.data)).toMatchObject({ sessionId: id, for: tally.FOR, against: tally.AGAINST });
    // The result is in the minutes, under the item's heading.
    const body = await liveMinutesBody(id);
    expect(body).toMatch(
      /### 1\. Compromiso 1[^\n]*\n\nMoción: «Enviar el compromiso a consulta» — (APROBADA|RECHAZADA)/,
    );
    expect(body).toContain("Votos por sector");

    // An agreement on the commitment, followed until done.
    expect(
      await recordAgreement(people.member.actor, id, {
        text: "A",
        responsible: "B",
        dueDate: new Date(),
        agendaItemId: null,
      }),
    ).toMatchObject({ error: "forbidden" });
    const agreement = await recordAgreement(people.chair.actor, id, {
      text: "Publicar el informe de consulta",
      responsible: "Secretaría Técnica",
      dueDate: new Date("2027-06-01T04:59:59Z"),
      agendaItemId: item.ok ? item.id : null,
    });
    if (!agreement.ok) throw new Error("no agreement");
    const made = await prisma().ledgerEntry.findFirstOrThrow({
      where: { kind: "forum.agreement.made", subjectId: agreement.id },
    });
    expect(made.commitmentId).toBe(commitmentId);
    expect(await liveMinutesBody(id)).toContain(
      "Acuerdo: «Publicar el informe de consulta». Responsable: Secretaría Técnica.",
    );
    expect(await updateAgreement(people.member.actor, agreement.id, { status: "DONE", evidence: "x" })).toMatchObject({
      error: "forbidden",
    });
    expect(await updateAgreement(people.chair.actor, agreement.id, { status: "DONE", evidence: null })).toMatchObject({
      reason: "evidence-required",
    });
    expect(await updateAgreement(people.chair.actor, agreement.id, { status: "IN_PROGRESS", evidence: null })).toEqual({
      ok: true,
    });
    expect(
      await updateAgreement(people.admin.actor, agreement.id, {
        status: "DONE",
        evidence: "https://example.pe/informe",
      }),
    ).toEqual({
      ok: true,
    });
    expect(await updateAgreement(people.admin.actor, agreement.id, { status: "DONE", evidence: null })).toEqual({
      ok: true,
    });
    expect(await prisma().ledgerEntry.count({ where: { kind: "forum.agreement.done", subjectId: agreement.id } })).toBe(
      1,
    );

    // Close the session: held, with its quorum recorded.
    expect(await circulateMinutes(people.chair.actor, id)).toMatchObject({ error: "forbidden" });
    expect(await endSession(people.member.actor, id)).toMatchObject({ error: "forbidden" });
    expect(await endSession(people.chair.actor, id)).toEqual({ ok: true });
    const heldAct = await prisma().ledgerEntry.findFirstOrThrow({
      where: { kind: "forum.session.held", subjectId: id },
    });
    expect(JSON.parse(heldAct.data)).toMatchObject({ quorumReached: true, attending: 4, members: 5 });
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).quorumReached).toBe(true);

    // Minutes: draft → circulated → approved (frozen, fingerprinted).
    expect(await approveMinutes(people.chair.actor, id)).toMatchObject({ error: "forbidden" });
    expect(await circulateMinutes(people.member.actor, id)).toMatchObject({ error: "forbidden" });
    expect(await circulateMinutes(people.chair.actor, id)).toEqual({ ok: true });
    expect(await approveMinutes(people.member.actor, id)).toMatchObject({ error: "forbidden" });
    const approved = await approveMinutes(people.chair.actor, id);
    if (!approved.ok) throw new Error("not approved");
    const frozen = (await minutesMarkdown(id))!;
    expect(frozen.approved).toBe(true);
    expect(createHash("sha256").update(frozen.markdown, "utf8").digest("hex")).toBe(approved.hash);
    expect(frozen.markdown).toContain("Quórum: alcanzado (4 de 5 miembros con voto)");
    const approvedAct = await prisma().ledgerEntry.findFirstOrThrow({
      where: { kind: "forum.minutes.approved", subjectId: id },
    });
    expect(approvedAct.commitmentId).toBe(commitmentId);
    expect(JSON.parse(approvedAct.data)).toMatchObject({ minutesSha256: approved.hash });
    expect(await approveMinutes(people.chair.actor, id)).toMatchObject({ error: "forbidden" });
    expect(
      await recordAgreement(people.chair.actor, id, {
        text: "A",
        responsible: "B",
        dueDate: new Date(),
        agendaItemId: null,
      }),
    ).toMatchObject({
      error: "forbidden",
    });

    expect(await verifyLedger()).toMatchObject({ ok: true });
    const standards = await getStandards(new Date("2027-06-15T00:00:00Z"));
    expect(standards).toMatchObject({ sessionsHeld: 1, minutesPublished: 1, rulesPublished: true });
  });

  it("lets members write the minutes room until the minutes are approved; everyone else reads", async () => {
    const scheduled = await scheduleSessions(people.admin.actor, {
      title: "Sesión de acta",
      scheduledAt: new Date("2027-08-05T20:00:00Z"),
      location: null,
      repeat: 1,
    });
    if (!scheduled.ok) throw new Error("not scheduled");
    const id = scheduled.ids[0]!;
    const room = { kind: "session" as const, id, name: `session/${id}` };
    const user = (p: Person) => ({ ...p.actor, name: "x", email: "x@example.pe" });
    // The live minutes' access rule, as the collaboration server asks it (server/collab/rooms/minutes.ts).
    const loadRoomResource = (ref: { kind: string; id: string; name: string }) => minutesAccessResource(ref.id);
    const accessFor = (resource: MinutesResource, actor: Parameters<typeof canWriteMinutes>[1], _token: null) => ({
      readWrite: canWriteMinutes(resource, actor),
    });
    const writes = async (p: Person | null) => {
      const resource = await loadRoomResource(room);
      return accessFor(resource!, p ? user(p) : null, null).readWrite;
    };
    expect(await writes(people.member)).toBe(true);
    expect(await writes(people.alternate)).toBe(true);
    expect(await writes(people.admin)).toBe(true);
    expect(await writes(people.citizen)).toBe(false);
    expect(await writes(null)).toBe(false);
    await prisma().forumSession.update({ where: { id }, data: { status: "HELD", minutesStatus: "APPROVED" } });
    expect(await writes(people.member)).toBe(false);
    expect(await writes(people.admin)).toBe(false);
    expect(await loadRoomResource({ kind: "session", id: "nope", name: "session/nope" })).toBeNull();
  });

  it("answers not-found for unknown sessions, motions and agreements", async () => {
    expect(await startSession(people.chair.actor, "nope")).toMatchObject({ error: "not-found" });
    expect(await closeMotion(people.chair.actor, "nope")).toMatchObject({ error: "not-found" });
    expect(await updateAgreement(people.chair.actor, "nope", { status: "DONE", evidence: "x" })).toMatchObject({
      error: "not-found",
    });
    expect(await getSession("nope")).toBeNull();
  });
});
