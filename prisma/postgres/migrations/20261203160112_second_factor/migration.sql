-- AlterTable
ALTER TABLE "User" ADD COLUMN     "demoAccount" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "totpKey" BYTEA,
ADD COLUMN     "totpLastCounter" INTEGER;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "secondFactorVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "totpEnrollKey" BYTEA;

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" BYTEA NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_codeHash_key" ON "RecoveryCode"("codeHash");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

