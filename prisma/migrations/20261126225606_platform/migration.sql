-- AlterTable
ALTER TABLE "User" ADD COLUMN "erasedAt" DATETIME;

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN "participationClosesAt" DATETIME;
ALTER TABLE "Plan" ADD COLUMN "participationOpensAt" DATETIME;

-- CreateTable
CREATE TABLE "ProgressReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commitmentId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "completion" TEXT NOT NULL,
    "narrative" TEXT NOT NULL,
    "authorId" TEXT,
    "organizationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProgressReport_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProgressReport_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ProgressReport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MilestoneProgress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "milestoneId" TEXT NOT NULL,
    "completion" TEXT NOT NULL,
    "note" TEXT,
    CONSTRAINT "MilestoneProgress_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MilestoneProgress_milestoneId_fkey" FOREIGN KEY ("milestoneId") REFERENCES "Milestone" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorValue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT,
    CONSTRAINT "IndicatorValue_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IndicatorValue_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reportId" TEXT,
    "practiceId" TEXT,
    "url" TEXT,
    "fileName" TEXT,
    "mediaType" TEXT,
    "size" INTEGER,
    "sha256" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ProgressReport" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evidence_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "GoodPractice" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvidenceFile" (
    "evidenceId" TEXT NOT NULL PRIMARY KEY,
    "data" BLOB NOT NULL,
    CONSTRAINT "EvidenceFile_evidenceId_fkey" FOREIGN KEY ("evidenceId") REFERENCES "Evidence" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GoodPractice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "territoryId" TEXT NOT NULL,
    "theme" TEXT NOT NULL,
    "whatWasDone" TEXT NOT NULL,
    "results" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SUBMITTED',
    "submittedById" TEXT,
    "reviewedById" TEXT,
    "publishedAt" DATETIME,
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GoodPractice_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "GoodPractice_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "GoodPractice_reviewedById_fkey" FOREIGN KEY ("reviewedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GoodPracticeCommitment" (
    "practiceId" TEXT NOT NULL,
    "commitmentId" TEXT NOT NULL,

    PRIMARY KEY ("practiceId", "commitmentId"),
    CONSTRAINT "GoodPracticeCommitment_practiceId_fkey" FOREIGN KEY ("practiceId") REFERENCES "GoodPractice" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GoodPracticeCommitment_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DataExportLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ForumRules" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL,
    "quorumMajority" BOOLEAN NOT NULL DEFAULT true,
    "quorumEachSector" BOOLEAN NOT NULL DEFAULT true,
    "publishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ForumAgendaItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'other',
    "targetId" TEXT,
    "targetTitle" TEXT,
    "proposedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ForumAgendaItem_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForumAttendance" (
    "sessionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rsvp" TEXT,
    "status" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("sessionId", "memberId"),
    CONSTRAINT "ForumAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForumAttendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "ForumMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForumMotion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "agendaItemId" TEXT,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "commitmentId" TEXT,
    "openedById" TEXT,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    CONSTRAINT "ForumMotion_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForumMotion_agendaItemId_fkey" FOREIGN KEY ("agendaItemId") REFERENCES "ForumAgendaItem" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForumVote" (
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("motionId", "memberId"),
    CONSTRAINT "ForumVote_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "ForumMotion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForumVote_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "ForumMember" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForumAgreement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "agendaItemId" TEXT,
    "text" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "dueDate" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "evidence" TEXT,
    "commitmentId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME,
    CONSTRAINT "ForumAgreement_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForumAgreement_agendaItemId_fkey" FOREIGN KEY ("agendaItemId") REFERENCES "ForumAgendaItem" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "organizationId" TEXT,
    "authorSector" TEXT,
    "themeId" TEXT,
    "territoryId" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "responseReason" TEXT,
    "respondedAt" DATETIME,
    "respondedById" TEXT,
    "commitmentId" TEXT,
    "voteCount" INTEGER NOT NULL DEFAULT 0,
    "endorsementCount" INTEGER NOT NULL DEFAULT 0,
    "commentCount" INTEGER NOT NULL DEFAULT 0,
    "submissionKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Proposal_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Proposal_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Proposal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Proposal_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "Theme" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Proposal_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Proposal_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProposalVote" (
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sector" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("proposalId", "userId"),
    CONSTRAINT "ProposalVote_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProposalVote_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Endorsement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "organizationId" TEXT,
    "organizationKey" TEXT NOT NULL DEFAULT '',
    "sector" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Endorsement_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Endorsement_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Endorsement_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT,
    "commitmentId" TEXT,
    "parentId" TEXT,
    "depth" INTEGER NOT NULL DEFAULT 0,
    "authorId" TEXT NOT NULL,
    "authorSector" TEXT,
    "stance" TEXT NOT NULL DEFAULT 'NEUTRAL',
    "body" TEXT NOT NULL,
    "anchorField" TEXT,
    "anchorStart" TEXT,
    "anchorEnd" TEXT,
    "anchorQuote" TEXT,
    "editedAt" DATETIME,
    "deletedAt" DATETIME,
    "hiddenAt" DATETIME,
    "hiddenReason" TEXT,
    "hiddenById" TEXT,
    "responseStatus" TEXT,
    "responseReason" TEXT,
    "respondedAt" DATETIME,
    "respondedById" TEXT,
    "submissionKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Comment_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comment_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comment_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Comment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CommentRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommentRevision_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CommentReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommentReport_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CommentReport_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Follow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL,
    "proposalId" TEXT,
    "commitmentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Follow_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Follow_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Follow_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "proposalId" TEXT,
    "commentId" TEXT,
    "link" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Notification_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Notification_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ForumMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT,
    "organizationId" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "termStart" DATETIME,
    "termEnd" DATETIME,
    "name" TEXT,
    "regionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ForumMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ForumMember_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ForumMember_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Territory" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ForumMember" ("id", "organizationId", "role", "sector", "termEnd", "termStart", "userId") SELECT "id", "organizationId", "role", "sector", "termEnd", "termStart", "userId" FROM "ForumMember";
DROP TABLE "ForumMember";
ALTER TABLE "new_ForumMember" RENAME TO "ForumMember";
CREATE INDEX "ForumMember_organizationId_idx" ON "ForumMember"("organizationId");
CREATE TABLE "new_ForumSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "scheduledAt" DATETIME NOT NULL,
    "location" TEXT,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "number" INTEGER,
    "seriesId" TEXT,
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "quorumReached" BOOLEAN,
    "minutesStatus" TEXT NOT NULL DEFAULT 'DRAFT',
    "minutesMarkdown" TEXT,
    "minutesHash" TEXT,
    "minutesApprovedAt" DATETIME
);
INSERT INTO "new_ForumSession" ("createdAt", "id", "isDemo", "location", "scheduledAt", "status", "title") SELECT "createdAt", "id", "isDemo", "location", "scheduledAt", "status", "title" FROM "ForumSession";
DROP TABLE "ForumSession";
ALTER TABLE "new_ForumSession" RENAME TO "ForumSession";
CREATE INDEX "ForumSession_scheduledAt_idx" ON "ForumSession"("scheduledAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ProgressReport_commitmentId_period_idx" ON "ProgressReport"("commitmentId", "period");

-- CreateIndex
CREATE INDEX "MilestoneProgress_milestoneId_idx" ON "MilestoneProgress"("milestoneId");

-- CreateIndex
CREATE UNIQUE INDEX "MilestoneProgress_reportId_milestoneId_key" ON "MilestoneProgress"("reportId", "milestoneId");

-- CreateIndex
CREATE INDEX "IndicatorValue_indicatorId_idx" ON "IndicatorValue"("indicatorId");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorValue_reportId_indicatorId_key" ON "IndicatorValue"("reportId", "indicatorId");

-- CreateIndex
CREATE INDEX "Evidence_reportId_idx" ON "Evidence"("reportId");

-- CreateIndex
CREATE INDEX "Evidence_practiceId_idx" ON "Evidence"("practiceId");

-- CreateIndex
CREATE INDEX "GoodPractice_status_publishedAt_idx" ON "GoodPractice"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "GoodPracticeCommitment_commitmentId_idx" ON "GoodPracticeCommitment"("commitmentId");

-- CreateIndex
CREATE UNIQUE INDEX "DataExportLink_tokenHash_key" ON "DataExportLink"("tokenHash");

-- CreateIndex
CREATE INDEX "DataExportLink_userId_idx" ON "DataExportLink"("userId");

-- CreateIndex
CREATE INDEX "ForumAgendaItem_sessionId_position_idx" ON "ForumAgendaItem"("sessionId", "position");

-- CreateIndex
CREATE INDEX "ForumAttendance_memberId_idx" ON "ForumAttendance"("memberId");

-- CreateIndex
CREATE INDEX "ForumMotion_sessionId_idx" ON "ForumMotion"("sessionId");

-- CreateIndex
CREATE INDEX "ForumAgreement_sessionId_idx" ON "ForumAgreement"("sessionId");

-- CreateIndex
CREATE INDEX "ForumAgreement_status_dueDate_idx" ON "ForumAgreement"("status", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_submissionKey_key" ON "Proposal"("submissionKey");

-- CreateIndex
CREATE INDEX "Proposal_planId_createdAt_idx" ON "Proposal"("planId", "createdAt");

-- CreateIndex
CREATE INDEX "Proposal_planId_voteCount_idx" ON "Proposal"("planId", "voteCount");

-- CreateIndex
CREATE INDEX "Proposal_status_createdAt_idx" ON "Proposal"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Proposal_createdAt_idx" ON "Proposal"("createdAt");

-- CreateIndex
CREATE INDEX "Proposal_voteCount_idx" ON "Proposal"("voteCount");

-- CreateIndex
CREATE INDEX "Proposal_commentCount_idx" ON "Proposal"("commentCount");

-- CreateIndex
CREATE INDEX "Proposal_commitmentId_idx" ON "Proposal"("commitmentId");

-- CreateIndex
CREATE INDEX "Proposal_authorId_idx" ON "Proposal"("authorId");

-- CreateIndex
CREATE INDEX "ProposalVote_userId_idx" ON "ProposalVote"("userId");

-- CreateIndex
CREATE INDEX "Endorsement_proposalId_createdAt_idx" ON "Endorsement"("proposalId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Endorsement_proposalId_userId_organizationKey_key" ON "Endorsement"("proposalId", "userId", "organizationKey");

-- CreateIndex
CREATE UNIQUE INDEX "Comment_submissionKey_key" ON "Comment"("submissionKey");

-- CreateIndex
CREATE INDEX "Comment_proposalId_createdAt_idx" ON "Comment"("proposalId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_commitmentId_createdAt_idx" ON "Comment"("commitmentId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_parentId_idx" ON "Comment"("parentId");

-- CreateIndex
CREATE INDEX "CommentRevision_commentId_createdAt_idx" ON "CommentRevision"("commentId", "createdAt");

-- CreateIndex
CREATE INDEX "CommentReport_resolvedAt_createdAt_idx" ON "CommentReport"("resolvedAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CommentReport_commentId_reporterId_key" ON "CommentReport"("commentId", "reporterId");

-- CreateIndex
CREATE INDEX "Follow_subjectKey_idx" ON "Follow"("subjectKey");

-- CreateIndex
CREATE UNIQUE INDEX "Follow_userId_subjectKey_key" ON "Follow"("userId", "subjectKey");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

