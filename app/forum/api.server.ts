import type { SessionDetail } from "./sessions.server.ts";
import { SECTORS } from "./rules.ts";

/** One session as the public API shows it. */
export function sessionJson(s: SessionDetail) {
  return {
    id: s.id,
    number: s.number,
    title: s.title,
    scheduledAt: s.scheduledAt,
    location: s.location,
    status: s.status,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    isDemo: s.isDemo,
    agenda: s.agendaItems.map((i) => ({
      position: i.position,
      title: i.title,
      kind: i.kind,
      targetId: i.targetId,
      targetTitle: i.targetTitle,
    })),
    attendance: {
      bySector: Object.fromEntries(
        SECTORS.map((sector) => [
          sector,
          s.roster
            .filter((r) => r.sector === sector)
            .map((r) => ({ name: r.name, organization: r.organization, role: r.role, rsvp: r.rsvp, status: r.status })),
        ]),
      ),
    },
    quorum: {
      reached: s.status === "HELD" ? s.quorumReached : s.quorum.reached,
      attending: s.quorum.attending,
      members: s.quorum.total,
      required: s.quorum.required,
      missingSectors: s.quorum.missingSectors,
      rule: { majority: s.rules.quorumMajority, eachSector: s.rules.quorumEachSector },
    },
    motions: s.motions.map((m) => ({
      id: m.id,
      text: m.text,
      status: m.status,
      commitmentId: m.commitmentId,
      result: { for: m.tally.FOR, against: m.tally.AGAINST, abstain: m.tally.ABSTAIN, bySector: m.tally.bySector },
      openedAt: m.openedAt,
      closedAt: m.closedAt,
    })),
    agreements: s.agreements.map((a) => ({
      id: a.id,
      text: a.text,
      responsible: a.responsible,
      dueDate: a.dueDate,
      status: a.status,
      evidence: a.evidence,
      overdue: a.overdue,
      commitmentId: a.commitmentId,
      doneAt: a.doneAt,
    })),
    minutes: {
      status: s.minutesStatus,
      sha256: s.minutesHash,
      approvedAt: s.minutesApprovedAt,
      markdownUrl: `/foro/sesiones/${s.id}/acta.md`,
    },
    url: `/foro/sesiones/${s.id}`,
  };
}
