-- CreateEnum
CREATE TYPE "MinutesStatus" AS ENUM ('DRAFT', 'CIRCULATED', 'APPROVED');

-- AlterTable
ALTER TABLE "ForumMember" ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "name" TEXT,
ADD COLUMN     "regionId" TEXT;

-- AlterTable
ALTER TABLE "ForumSession" ADD COLUMN     "endedAt" TIMESTAMP(3),
ADD COLUMN     "minutesApprovedAt" TIMESTAMP(3),
ADD COLUMN     "minutesHash" TEXT,
ADD COLUMN     "minutesMarkdown" TEXT,
ADD COLUMN     "minutesStatus" "MinutesStatus" NOT NULL DEFAULT 'DRAFT',
ADD COLUMN     "number" INTEGER,
ADD COLUMN     "quorumReached" BOOLEAN,
ADD COLUMN     "seriesId" TEXT,
ADD COLUMN     "startedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ForumRules" (
    "id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "quorumMajority" BOOLEAN NOT NULL DEFAULT true,
    "quorumEachSector" BOOLEAN NOT NULL DEFAULT true,
    "publishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ForumRules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForumAgendaItem" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'other',
    "targetId" TEXT,
    "targetTitle" TEXT,
    "proposedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForumAgendaItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForumAttendance" (
    "sessionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rsvp" TEXT,
    "status" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ForumAttendance_pkey" PRIMARY KEY ("sessionId","memberId")
);

-- CreateTable
CREATE TABLE "ForumMotion" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "agendaItemId" TEXT,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "commitmentId" TEXT,
    "openedById" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ForumMotion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForumVote" (
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "sector" "Sector" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForumVote_pkey" PRIMARY KEY ("motionId","memberId")
);

-- CreateTable
CREATE TABLE "ForumAgreement" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "agendaItemId" TEXT,
    "text" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "dueDate" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "evidence" TEXT,
    "commitmentId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "ForumAgreement_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "ForumMember" ADD CONSTRAINT "ForumMember_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Territory"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumAgendaItem" ADD CONSTRAINT "ForumAgendaItem_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumAttendance" ADD CONSTRAINT "ForumAttendance_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumAttendance" ADD CONSTRAINT "ForumAttendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "ForumMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumMotion" ADD CONSTRAINT "ForumMotion_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumMotion" ADD CONSTRAINT "ForumMotion_agendaItemId_fkey" FOREIGN KEY ("agendaItemId") REFERENCES "ForumAgendaItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumVote" ADD CONSTRAINT "ForumVote_motionId_fkey" FOREIGN KEY ("motionId") REFERENCES "ForumMotion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumVote" ADD CONSTRAINT "ForumVote_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "ForumMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumAgreement" ADD CONSTRAINT "ForumAgreement_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ForumSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumAgreement" ADD CONSTRAINT "ForumAgreement_agendaItemId_fkey" FOREIGN KEY ("agendaItemId") REFERENCES "ForumAgendaItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

