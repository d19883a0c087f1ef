-- DropIndex
DROP INDEX "Proposal_planId_createdAt_idx";

-- DropIndex
DROP INDEX "Proposal_planId_voteCount_idx";

-- DropIndex
DROP INDEX "Proposal_status_createdAt_idx";

-- DropIndex
DROP INDEX "Proposal_createdAt_idx";

-- DropIndex
DROP INDEX "Proposal_voteCount_idx";

-- DropIndex
DROP INDEX "Proposal_commentCount_idx";

-- CreateIndex
CREATE INDEX "Proposal_planId_createdAt_id_idx" ON "Proposal"("planId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Proposal_planId_voteCount_createdAt_id_idx" ON "Proposal"("planId", "voteCount", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Proposal_planId_commentCount_createdAt_id_idx" ON "Proposal"("planId", "commentCount", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Proposal_planId_status_createdAt_id_idx" ON "Proposal"("planId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Proposal_status_createdAt_id_idx" ON "Proposal"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Proposal_createdAt_id_idx" ON "Proposal"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Proposal_voteCount_createdAt_id_idx" ON "Proposal"("voteCount", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Proposal_commentCount_createdAt_id_idx" ON "Proposal"("commentCount", "createdAt", "id");

