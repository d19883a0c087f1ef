-- CreateTable
CREATE TABLE "LedgerTreeNode" (
    "level" INTEGER NOT NULL,
    "idx" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "LedgerTreeNode_pkey" PRIMARY KEY ("level","idx")
);

-- CreateTable
CREATE TABLE "LedgerCheckpoint" (
    "size" INTEGER NOT NULL,
    "rootHash" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerCheckpoint_pkey" PRIMARY KEY ("size")
);

-- CreateTable
CREATE TABLE "LedgerCosignature" (
    "id" TEXT NOT NULL,
    "checkpointSize" INTEGER NOT NULL,
    "witness" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "line" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerCosignature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LedgerCosignature_checkpointSize_keyId_key" ON "LedgerCosignature"("checkpointSize", "keyId");

-- AddForeignKey
ALTER TABLE "LedgerCosignature" ADD CONSTRAINT "LedgerCosignature_checkpointSize_fkey" FOREIGN KEY ("checkpointSize") REFERENCES "LedgerCheckpoint"("size") ON DELETE CASCADE ON UPDATE CASCADE;

