-- AlterTable
ALTER TABLE "Session" ADD COLUMN "secondFactorVerifiedAt" DATETIME;
ALTER TABLE "Session" ADD COLUMN "totpEnrollKey" BLOB;

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" BLOB NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'CITIZEN',
    "territoryId" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'es',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "erasedAt" DATETIME,
    "emailVerifiedAt" DATETIME,
    "notificationEmail" TEXT NOT NULL DEFAULT 'DAILY',
    "digestSentAt" DATETIME,
    "totpKey" BLOB,
    "totpLastCounter" INTEGER,
    "demoAccount" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "User_territoryId_fkey" FOREIGN KEY ("territoryId") REFERENCES "Territory" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "digestSentAt", "email", "emailVerifiedAt", "erasedAt", "id", "locale", "name", "notificationEmail", "passwordHash", "role", "territoryId", "updatedAt") SELECT "createdAt", "digestSentAt", "email", "emailVerifiedAt", "erasedAt", "id", "locale", "name", "notificationEmail", "passwordHash", "role", "territoryId", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_codeHash_key" ON "RecoveryCode"("codeHash");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

