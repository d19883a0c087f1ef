-- AlterTable
ALTER TABLE "User" ADD COLUMN "erasedAt" DATETIME;

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

