-- CreateTable
CREATE TABLE "LedgerEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "actorId" TEXT,
    "pseudonym" TEXT,
    "sector" TEXT,
    "orgId" TEXT,
    "commitmentId" TEXT,
    "data" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AppSecret" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_prevHash_key" ON "LedgerEntry"("prevHash");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_hash_key" ON "LedgerEntry"("hash");

-- CreateIndex
CREATE INDEX "LedgerEntry_subjectType_subjectId_idx" ON "LedgerEntry"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "LedgerEntry_actorId_idx" ON "LedgerEntry"("actorId");

-- CreateIndex
CREATE INDEX "LedgerEntry_commitmentId_idx" ON "LedgerEntry"("commitmentId");

