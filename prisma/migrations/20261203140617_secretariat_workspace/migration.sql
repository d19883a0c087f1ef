-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "verifiedAt" DATETIME;

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN "stage" TEXT;

-- CreateTable
CREATE TABLE "PlanStageDates" (
    "planId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "startsOn" DATETIME NOT NULL,
    "endsOn" DATETIME NOT NULL,

    PRIMARY KEY ("planId", "stage"),
    CONSTRAINT "PlanStageDates_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CommitmentTeamMember" (
    "commitmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "role" TEXT NOT NULL DEFAULT 'MEMBER',

    PRIMARY KEY ("commitmentId", "userId"),
    CONSTRAINT "CommitmentTeamMember_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "Commitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CommitmentTeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CommitmentTeamMember" ("commitmentId", "createdAt", "userId") SELECT "commitmentId", "createdAt", "userId" FROM "CommitmentTeamMember";
DROP TABLE "CommitmentTeamMember";
ALTER TABLE "new_CommitmentTeamMember" RENAME TO "CommitmentTeamMember";
CREATE INDEX "CommitmentTeamMember_userId_idx" ON "CommitmentTeamMember"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

