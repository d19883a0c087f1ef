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

