-- CreateTable
CREATE TABLE "LedgerTreeNode" (
    "level" INTEGER NOT NULL,
    "idx" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    PRIMARY KEY ("level", "idx")
);

-- CreateTable
CREATE TABLE "LedgerCheckpoint" (
    "size" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "rootHash" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LedgerCosignature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "checkpointSize" INTEGER NOT NULL,
    "witness" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LedgerCosignature_checkpointSize_fkey" FOREIGN KEY ("checkpointSize") REFERENCES "LedgerCheckpoint" ("size") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerCosignature_checkpointSize_keyId_key" ON "LedgerCosignature"("checkpointSize", "keyId");

