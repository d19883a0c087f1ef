import { sectorLine, tallyLine } from "./meeting.server.ts";
import { createHash } from "node:crypto";
import * as Y from "yjs";
import { minutesFragment, minutesToMarkdown } from "./minutes-doc.ts";
import { SECTORS } from "./rules.ts";
import es from "~/locales/es.ts";
import { recordActivity } from "~/record/activity.server.ts";
import { appendAct } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { limaDay } from "~/utils/format.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";
import { storeServerUpdate } from "~/drafting/authors.server.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { applyStoredState, readStoredState } from "~/drafting/stored-state.server.ts";
import { seatOf } from "./members.server.ts";
import { getSession, sessionState } from "./sessions.server.ts";
import { type ForumFailure, type Ok, announce, minutesRoom } from "./forum.server.ts";

// The minutes of a session: the live document (room `session/<id>`) the server writes into, then
// circulated, approved, frozen as Markdown and fingerprinted with SHA-256.
// ---- the minutes document ------------------------------------------------------------------------

export async function minutesDocument(sessionId: string): Promise<Y.Doc> {
  const { snapshot, rows } = await readStoredState(minutesRoom(sessionId));
  const doc = new Y.Doc();
  applyStoredState(doc, snapshot, rows, () => {});
  return doc;
}

/**
 * Changes the minutes as the server (motion results, agreements, the agenda skeleton): the change
 * is stored as a server-authored update and announced on the event bus to the room on every node.
 */
export async function changeMinutes(sessionId: string, change: (doc: Y.Doc) => void): Promise<void> {
  const doc = await minutesDocument(sessionId);
  try {
    const before = Y.encodeStateVector(doc);
    change(doc);
    const update = Y.encodeStateAsUpdate(doc, before);
    if (Y.decodeUpdate(update).structs.length > 0) {
      await storeServerUpdate(minutesRoom(sessionId), update, { userId: null, sector: null });
    }
  } finally {
    doc.destroy();
  }
}

/** The Markdown body of the minutes as the live document holds it now. */
export async function liveMinutesBody(sessionId: string): Promise<string> {
  const doc = await minutesDocument(sessionId);
  try {
    return minutesToMarkdown(doc);
  } finally {
    doc.destroy();
  }
}

// ---- minutes workflow ------------------------------------------------------------------------------

/** The secretariat circulates the draft minutes of a held session for comments. */
export async function circulateMinutes(actor: Actor, sessionId: string): Promise<Ok | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!can.circulateMinutes(actor, seat, session)) return { ok: false, error: "forbidden" };
  const moved = await prisma().forumSession.updateMany({
    where: { id: sessionId, status: "HELD", minutesStatus: "DRAFT" },
    data: { minutesStatus: "CIRCULATED" },
  });
  if (moved.count === 0) return { ok: false, error: "invalid" };
  announce(sessionId, "minutes");
  return { ok: true };
}

const fmtDate = (d: Date) =>
  new Intl.DateTimeFormat("es-PE", { timeZone: "America/Lima", dateStyle: "long", timeStyle: "short" }).format(d);

/** The whole minutes as Markdown: the session, attendance and quorum, agenda, body, motions, agreements. */
export async function composeMinutesMarkdown(sessionId: string): Promise<string | null> {
  const s = await getSession(sessionId);
  if (!s) return null;
  const body = await liveMinutesBody(sessionId);
  const lines: string[] = [];
  lines.push(`# Acta: ${s.title}`, "");
  lines.push(`- Sesión N.° ${s.number ?? "—"}`);
  lines.push(`- Fecha: ${fmtDate(s.startedAt ?? s.scheduledAt)}`);
  if (s.location) lines.push(`- Lugar: ${s.location}`);
  lines.push(
    `- Quórum: ${(s.quorumReached ?? s.quorum.reached) ? "alcanzado" : "no alcanzado"} (${s.quorum.attending} de ${s.quorum.total} miembros con voto)`,
  );
  lines.push("", "## Asistencia", "");
  for (const sector of SECTORS) {
    const people = s.roster.filter((r) => r.sector === sector);
    if (people.length === 0) continue;
    lines.push(`### ${es.sectors[sector]}`, "");
    for (const p of people) {
      const status = p.status ? es.forum.attendanceStatus[p.status] : es.forum.notCalled;
      lines.push(
        `- ${p.name ?? "—"} (${p.organization}, ${es.forum.roles[p.role as keyof typeof es.forum.roles] ?? p.role}): ${status}`,
      );
    }
    lines.push("");
  }
  lines.push("## Agenda", "");
  for (const item of s.agendaItems) lines.push(`${item.position}. ${item.title}`);
  lines.push("", "## Desarrollo de la sesión", "", body || "—", "");
  lines.push("## Mociones", "");
  if (s.motions.length === 0) lines.push("Sin mociones.");
  for (const m of s.motions) {
    const result = m.status === "OPEN" ? "en votación" : m.status === "PASSED" ? "aprobada" : "rechazada";
    lines.push(`- «${m.text}»: ${result}. ${tallyLine(m.tally)}. Por sector: ${sectorLine(m.tally)}.`);
  }
  lines.push("", "## Acuerdos", "");
  if (s.agreements.length === 0) lines.push("Sin acuerdos.");
  for (const a of s.agreements) {
    lines.push(`- ${a.text} — Responsable: ${a.responsible}. Plazo: ${limaDay(a.dueDate)}.`);
  }
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

export function minutesFingerprint(markdown: string): string {
  return createHash("sha256").update(markdown, "utf8").digest("hex");
}

/**
 * Approves circulated minutes: nobody may write them any more (the live room drops everyone to
 * read-only and stores what it had accepted), then the Markdown is frozen, fingerprinted with
 * SHA-256 and the approval appended to the public record.
 */
export async function approveMinutes(actor: Actor, sessionId: string): Promise<Ok<{ hash: string }> | ForumFailure> {
  const session = await sessionState(sessionId);
  if (!session) return { ok: false, error: "not-found" };
  const seat = await seatOf(actor);
  if (!actor || !can.approveMinutes(actor, seat, session)) return { ok: false, error: "forbidden" };
  const locked = await prisma().forumSession.updateMany({
    where: { id: sessionId, status: "HELD", minutesStatus: "CIRCULATED" },
    data: { minutesStatus: "APPROVED" },
  });
  if (locked.count === 0) return { ok: false, error: "invalid" };
  await eventBus().publishAndWait("collab.access", { room: minutesRoom(sessionId) });
  const markdown = (await composeMinutesMarkdown(sessionId))!;
  const hash = minutesFingerprint(markdown);
  const commitmentIds = await prisma().forumAgendaItem.findMany({
    where: { sessionId, kind: "commitment", targetId: { not: null } },
    select: { targetId: true },
  });
  await prisma().$transaction(async (tx) => {
    await tx.forumSession.update({
      where: { id: sessionId },
      data: { minutesMarkdown: markdown, minutesHash: hash, minutesApprovedAt: new Date() },
    });
    await appendAct(tx, {
      kind: "forum.minutes.approved",
      subjectType: "forum-session",
      subjectId: sessionId,
      actorId: actor.id,
      sector: seat?.sector ?? null,
      // One commitment on the agenda: the approval concerns it; several are listed in the data.
      commitmentId: commitmentIds.length === 1 ? commitmentIds[0]!.targetId : null,
      data: { minutesSha256: hash, commitmentIds: commitmentIds.map((c) => c.targetId!) },
    });
  });
  await recordActivity({
    kind: "forum.minutes.approved",
    actorId: actor.id,
    subjectType: "forum-session",
    subjectId: sessionId,
    summary: `Se aprobó y publicó el acta de «${session.title}».`,
  });
  announce(sessionId, "minutes");
  return { ok: true, hash };
}

/** The minutes as Markdown: the frozen text once approved, the current draft before. */
export async function minutesMarkdown(sessionId: string): Promise<{ markdown: string; approved: boolean } | null> {
  const s = await prisma().forumSession.findUnique({
    where: { id: sessionId },
    select: { minutesStatus: true, minutesMarkdown: true },
  });
  if (!s) return null;
  if (s.minutesStatus === "APPROVED" && s.minutesMarkdown) return { markdown: s.minutesMarkdown, approved: true };
  return { markdown: (await composeMinutesMarkdown(sessionId))!, approved: false };
}

/** Whether the minutes document has anything yet (for the session page). */
export async function minutesStarted(sessionId: string): Promise<boolean> {
  const doc = await minutesDocument(sessionId);
  try {
    return minutesFragment(doc).length > 0;
  } finally {
    doc.destroy();
  }
}
