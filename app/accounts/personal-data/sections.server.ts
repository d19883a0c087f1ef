import type { PrismaClient } from "~/utils/db.server.ts";

// "Mis datos" (Ley 29733, right of access): everything the platform holds about a person, as a
// registry of sections. Each area of the platform owns one entry: a key, and a function that
// returns that person's rows (plain values only). Adding an area (proposals, votes, comments, the
// forum, progress reports...) is one more entry in DATA_SECTIONS below; the JSON and CSV downloads,
// and their tests, pick it up. Never return secrets (password hashes, session secrets, tokens).

export type DataValue = string | number | boolean | null;
export type DataRow = Record<string, DataValue>;

export type DataSection = {
  /** Stable key: the JSON property and the CSV `section` column. */
  key: string;
  collect: (userId: string, db: PrismaClient) => Promise<DataRow[]>;
};

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

export const profileSection: DataSection = {
  key: "profile",
  async collect(userId, db) {
    const user = await db.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        locale: true,
        createdAt: true,
        updatedAt: true,
        territory: { select: { id: true, name: true } },
      },
    });
    if (!user) return [];
    return [
      {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
        locale: user.locale,
        territoryId: user.territory?.id ?? null,
        territory: user.territory?.name ?? null,
        createdAt: iso(user.createdAt),
        updatedAt: iso(user.updatedAt),
      },
    ];
  },
};

export const membershipsSection: DataSection = {
  key: "memberships",
  async collect(userId, db) {
    const rows = await db.membership.findMany({
      where: { userId },
      select: {
        role: true,
        title: true,
        createdAt: true,
        organization: { select: { id: true, name: true, sector: true } },
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((m) => ({
      organizationId: m.organization.id,
      organization: m.organization.name,
      sector: m.organization.sector,
      role: m.role,
      title: m.title,
      createdAt: iso(m.createdAt),
    }));
  },
};

export const consentsSection: DataSection = {
  key: "consents",
  async collect(userId, db) {
    const rows = await db.consent.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
    return rows.map((c) => ({
      purpose: c.purpose,
      policyVersion: c.policyVersion,
      granted: c.granted,
      createdAt: iso(c.createdAt),
    }));
  },
};

export const sessionsSection: DataSection = {
  key: "sessions",
  async collect(userId, db) {
    // Without ids or secrets: nothing here can be used to act as the person.
    const rows = await db.session.findMany({
      where: { userId },
      select: { createdAt: true, expiresAt: true, lastVerifiedAt: true, userAgent: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((s) => ({
      createdAt: iso(s.createdAt),
      expiresAt: iso(s.expiresAt),
      lastPasswordEntryAt: iso(s.lastVerifiedAt),
      userAgent: s.userAgent,
    }));
  },
};

export const draftingTeamsSection: DataSection = {
  key: "draftingTeams",
  async collect(userId, db) {
    const rows = await db.commitmentTeamMember.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
    return rows.map((t) => ({ commitmentId: t.commitmentId, createdAt: iso(t.createdAt) }));
  },
};

export const forumSection: DataSection = {
  key: "forumMemberships",
  async collect(userId, db) {
    const rows = await db.forumMember.findMany({
      where: { userId },
      select: {
        id: true,
        name: true,
        organizationId: true,
        sector: true,
        role: true,
        regionId: true,
        termStart: true,
        termEnd: true,
        createdAt: true,
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((f) => ({
      memberId: f.id,
      name: f.name,
      organizationId: f.organizationId,
      sector: f.sector,
      role: f.role,
      regionId: f.regionId,
      termStart: iso(f.termStart),
      termEnd: iso(f.termEnd),
      createdAt: iso(f.createdAt),
    }));
  },
};

export const forumAttendanceSection: DataSection = {
  key: "forumAttendance",
  async collect(userId, db) {
    const rows = await db.forumAttendance.findMany({
      where: { member: { userId } },
      select: { sessionId: true, memberId: true, rsvp: true, status: true, updatedAt: true },
      orderBy: { updatedAt: "asc" },
    });
    return rows.map((a) => ({ ...a, updatedAt: iso(a.updatedAt) }));
  },
};

export const forumVotesSection: DataSection = {
  key: "forumVotes",
  async collect(userId, db) {
    const rows = await db.forumVote.findMany({
      where: { member: { userId } },
      select: {
        motionId: true,
        memberId: true,
        choice: true,
        sector: true,
        createdAt: true,
        motion: { select: { sessionId: true, text: true } },
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((v) => ({
      sessionId: v.motion.sessionId,
      motionId: v.motionId,
      motion: v.motion.text,
      memberId: v.memberId,
      choice: v.choice,
      sector: v.sector,
      createdAt: iso(v.createdAt),
    }));
  },
};

export const proposalsSection: DataSection = {
  key: "proposals",
  async collect(userId, db) {
    const rows = await db.proposal.findMany({
      where: { authorId: userId },
      select: {
        id: true,
        planId: true,
        organizationId: true,
        authorSector: true,
        themeId: true,
        territoryId: true,
        title: true,
        body: true,
        status: true,
        responseReason: true,
        respondedAt: true,
        commitmentId: true,
        voteCount: true,
        endorsementCount: true,
        commentCount: true,
        createdAt: true,
        updatedAt: true,
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((p) => ({
      ...p,
      respondedAt: iso(p.respondedAt),
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
    }));
  },
};

export const proposalVotesSection: DataSection = {
  key: "proposalVotes",
  async collect(userId, db) {
    // The person's own supports: never public, but theirs to see.
    const rows = await db.proposalVote.findMany({
      where: { userId },
      select: { proposalId: true, sector: true, createdAt: true, proposal: { select: { title: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((v) => ({
      proposalId: v.proposalId,
      proposal: v.proposal.title,
      sector: v.sector,
      createdAt: iso(v.createdAt),
    }));
  },
};

export const endorsementsSection: DataSection = {
  key: "endorsements",
  async collect(userId, db) {
    const rows = await db.endorsement.findMany({
      where: { userId },
      select: { id: true, proposalId: true, organizationId: true, sector: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((e) => ({ ...e, createdAt: iso(e.createdAt) }));
  },
};

export const commentsSection: DataSection = {
  key: "comments",
  async collect(userId, db) {
    // Each comment as it reads now, then each earlier text of an edited one (kind "revision").
    const rows = await db.comment.findMany({
      where: { authorId: userId },
      select: {
        id: true,
        proposalId: true,
        commitmentId: true,
        parentId: true,
        authorSector: true,
        stance: true,
        body: true,
        anchorField: true,
        anchorQuote: true,
        editedAt: true,
        deletedAt: true,
        hiddenAt: true,
        hiddenReason: true,
        responseStatus: true,
        responseReason: true,
        respondedAt: true,
        createdAt: true,
        revisions: { select: { body: true, createdAt: true }, orderBy: { createdAt: "asc" } },
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.flatMap(({ revisions, ...c }) => [
      {
        kind: "comment",
        ...c,
        editedAt: iso(c.editedAt),
        deletedAt: iso(c.deletedAt),
        hiddenAt: iso(c.hiddenAt),
        respondedAt: iso(c.respondedAt),
        createdAt: iso(c.createdAt),
      },
      ...revisions.map((r) => ({ kind: "revision", commentId: c.id, body: r.body, createdAt: iso(r.createdAt) })),
    ]);
  },
};

export const commentReportsSection: DataSection = {
  key: "commentReports",
  async collect(userId, db) {
    const rows = await db.commentReport.findMany({
      where: { reporterId: userId },
      select: { commentId: true, reason: true, resolvedAt: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => ({ ...r, resolvedAt: iso(r.resolvedAt), createdAt: iso(r.createdAt) }));
  },
};

export const followsSection: DataSection = {
  key: "follows",
  async collect(userId, db) {
    const rows = await db.follow.findMany({
      where: { userId },
      select: { subjectKey: true, proposalId: true, commitmentId: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((f) => ({ ...f, createdAt: iso(f.createdAt) }));
  },
};

export const notificationsSection: DataSection = {
  key: "notifications",
  async collect(userId, db) {
    const rows = await db.notification.findMany({
      where: { userId },
      select: {
        kind: true,
        proposalId: true,
        commentId: true,
        link: true,
        text: true,
        readAt: true,
        createdAt: true,
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((n) => ({ ...n, readAt: iso(n.readAt), createdAt: iso(n.createdAt) }));
  },
};

export const progressReportsSection: DataSection = {
  key: "progressReports",
  async collect(userId, db) {
    const rows = await db.progressReport.findMany({
      where: { authorId: userId },
      select: {
        id: true,
        commitmentId: true,
        period: true,
        source: true,
        completion: true,
        narrative: true,
        organizationId: true,
        createdAt: true,
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) }));
  },
};

export const goodPracticesSection: DataSection = {
  key: "goodPractices",
  async collect(userId, db) {
    const rows = await db.goodPractice.findMany({
      where: { submittedById: userId },
      select: {
        id: true,
        title: true,
        entity: true,
        territoryId: true,
        theme: true,
        whatWasDone: true,
        results: true,
        status: true,
        publishedAt: true,
        createdAt: true,
      },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((p) => ({ ...p, publishedAt: iso(p.publishedAt), createdAt: iso(p.createdAt) }));
  },
};

export const collabSection: DataSection = {
  key: "coDrafting",
  async collect(userId, db) {
    // What the person wrote in live documents: how many stored updates per document, and the
    // editor ids (Yjs client ids) the authorship of their text is credited to.
    const [updates, authors] = await Promise.all([
      db.collabUpdate.groupBy({
        by: ["room"],
        where: { userId },
        _count: { _all: true },
        _min: { createdAt: true },
        _max: { createdAt: true },
      }),
      db.collabAuthor.findMany({ where: { userId }, select: { room: true, clientId: true, createdAt: true } }),
    ]);
    return [
      ...updates.map((u) => ({
        kind: "updates",
        document: u.room,
        storedUpdates: u._count._all,
        first: iso(u._min.createdAt),
        last: iso(u._max.createdAt),
      })),
      ...authors.map((a) => ({
        kind: "attribution",
        document: a.room,
        editorClientId: Number(a.clientId),
        createdAt: iso(a.createdAt),
      })),
    ];
  },
};

export const versionsSection: DataSection = {
  key: "versionsCreated",
  async collect(userId, db) {
    const rows = await db.commitmentVersion.findMany({
      where: { createdById: userId },
      select: { commitmentId: true, number: true, name: true, kind: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((v) => ({ ...v, createdAt: iso(v.createdAt) }));
  },
};

export const activitySection: DataSection = {
  key: "activity",
  async collect(userId, db) {
    const rows = await db.activity.findMany({ where: { actorId: userId }, orderBy: { createdAt: "asc" } });
    return rows.map((a) => ({
      kind: a.kind,
      subjectType: a.subjectType,
      subjectId: a.subjectId,
      summary: a.summary,
      createdAt: iso(a.createdAt),
    }));
  },
};

export const ledgerSection: DataSection = {
  key: "publicRecord",
  async collect(userId, db) {
    const rows = await db.ledgerEntry.findMany({ where: { actorId: userId }, orderBy: { seq: "asc" } });
    return rows.map((e) => ({
      seq: e.seq,
      at: iso(e.at),
      kind: e.kind,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      actorId: e.actorId,
      sector: e.sector,
      orgId: e.orgId,
      commitmentId: e.commitmentId,
      data: e.data,
      hash: e.hash,
    }));
  },
};

export const secondFactorSection: DataSection = {
  key: "secondFactor",
  async collect(userId, db) {
    // Whether a second factor is set and how many recovery codes are left; never the key nor a
    // code (docs/decisions/023).
    const user = await db.user.findUnique({ where: { id: userId }, select: { totpKey: true } });
    if (!user) return [];
    const [unused, used] = await Promise.all([
      db.recoveryCode.count({ where: { userId, usedAt: null } }),
      db.recoveryCode.count({ where: { userId, usedAt: { not: null } } }),
    ]);
    return [{ enabled: user.totpKey !== null, recoveryCodesUnused: unused, recoveryCodesUsed: used }];
  },
};

/** Every section of "Mis datos", in download order. Other areas: add one entry each. */
export const DATA_SECTIONS: readonly DataSection[] = [
  profileSection,
  membershipsSection,
  consentsSection,
  sessionsSection,
  draftingTeamsSection,
  forumSection,
  collabSection,
  versionsSection,
  activitySection,
  ledgerSection,
  proposalsSection,
  proposalVotesSection,
  endorsementsSection,
  commentsSection,
  commentReportsSection,
  followsSection,
  notificationsSection,
  forumAttendanceSection,
  forumVotesSection,
  progressReportsSection,
  goodPracticesSection,
  secondFactorSection,
];
