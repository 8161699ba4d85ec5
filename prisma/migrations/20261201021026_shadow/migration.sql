-- AlterTable
ALTER TABLE "RequestLog" ADD COLUMN "shadowOf" TEXT;

-- AlterTable
ALTER TABLE "RoutingGroup" ADD COLUMN "shadowJson" TEXT;

-- CreateTable
CREATE TABLE "ShadowVerdict" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shadowId" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "judgeModel" TEXT NOT NULL,
    "winner" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "GroupRollout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "modelName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "stepsJson" TEXT NOT NULL,
    "guardsJson" TEXT NOT NULL,
    "stepIndex" INTEGER NOT NULL DEFAULT 0,
    "stepStartedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stepFailures" INTEGER NOT NULL DEFAULT 0,
    "previousJson" TEXT NOT NULL,
    "reason" TEXT,
    "historyJson" TEXT NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "ShadowVerdict_shadowId_key" ON "ShadowVerdict"("shadowId");

-- CreateIndex
CREATE INDEX "ShadowVerdict_groupName_createdAt_idx" ON "ShadowVerdict"("groupName", "createdAt");

-- CreateIndex
CREATE INDEX "GroupRollout_groupId_createdAt_idx" ON "GroupRollout"("groupId", "createdAt");

-- CreateIndex
CREATE INDEX "GroupRollout_status_idx" ON "GroupRollout"("status");

-- CreateIndex
CREATE INDEX "RequestLog_shadowOf_idx" ON "RequestLog"("shadowOf");
