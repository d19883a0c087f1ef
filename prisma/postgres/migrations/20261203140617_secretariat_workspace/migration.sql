-- CreateEnum
CREATE TYPE "PlanStage" AS ENUM ('THEME_SELECTION', 'PROPOSALS', 'DRAFTING', 'FORUM_VALIDATION', 'APPROVAL', 'IMPLEMENTATION', 'CLOSING');

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('GOVERNMENT_CO_LEAD', 'CIVIL_SOCIETY_CO_LEAD', 'MEMBER');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "verifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "stage" "PlanStage";

-- AlterTable
ALTER TABLE "CommitmentTeamMember" ADD COLUMN     "role" "TeamRole" NOT NULL DEFAULT 'MEMBER';

-- CreateTable
CREATE TABLE "PlanStageDates" (
    "planId" TEXT NOT NULL,
    "stage" "PlanStage" NOT NULL,
    "startsOn" TIMESTAMP(3) NOT NULL,
    "endsOn" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanStageDates_pkey" PRIMARY KEY ("planId","stage")
);

-- AddForeignKey
ALTER TABLE "PlanStageDates" ADD CONSTRAINT "PlanStageDates_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

