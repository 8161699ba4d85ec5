-- DropIndex
DROP INDEX "Model_createdAt_idx";

-- DropIndex
DROP INDEX "Model_baseModel_idx";

-- DropIndex
DROP INDEX "Model_kind_idx";

-- DropIndex
DROP INDEX "Model_provider_idx";

-- CreateIndex
CREATE INDEX "Model_provider_name_idx" ON "Model"("provider", "name");

-- CreateIndex
CREATE INDEX "Model_kind_name_idx" ON "Model"("kind", "name");

-- CreateIndex
CREATE INDEX "Model_baseModel_id_idx" ON "Model"("baseModel", "id");

-- CreateIndex
CREATE INDEX "Model_createdAt_id_idx" ON "Model"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Model_updatedAt_id_idx" ON "Model"("updatedAt", "id");
