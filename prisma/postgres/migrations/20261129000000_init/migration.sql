-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "secretEnc" TEXT,
    "secretLast4" TEXT,
    "envRef" TEXT,
    "apiBase" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "provider" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'base',
    "baseModel" TEXT,
    "parentId" TEXT,
    "tags" TEXT NOT NULL DEFAULT '',
    "apiBase" TEXT,
    "apiVersion" TEXT,
    "azureDeployment" TEXT,
    "project" TEXT,
    "location" TEXT,
    "credentialId" TEXT,
    "inlineSecretEnc" TEXT,
    "inlineSecretLast4" TEXT,
    "secretEnvRef" TEXT,
    "headersEnc" TEXT,
    "inputPricePerMTok" DOUBLE PRECISION,
    "outputPricePerMTok" DOUBLE PRECISION,
    "contextWindow" INTEGER,
    "ftJobId" TEXT,
    "ftTrainingFile" TEXT,
    "ftEpochs" INTEGER,
    "ftTrainedTokens" INTEGER,
    "ftCreatedAt" TIMESTAMP(3),
    "simulatorJson" TEXT,
    "lastTestOk" BOOLEAN,
    "lastTestAt" TIMESTAMP(3),
    "lastTestLatencyMs" INTEGER,
    "lastTestMessage" TEXT,
    "lastTestEndpoint" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingGroup" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "strategy" TEXT NOT NULL DEFAULT 'simple-shuffle',
    "retries" INTEGER NOT NULL DEFAULT 2,
    "timeoutMs" INTEGER NOT NULL DEFAULT 30000,
    "streamTtftTimeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "allowedFails" INTEGER NOT NULL DEFAULT 3,
    "cooldownWindowSeconds" INTEGER NOT NULL DEFAULT 60,
    "cooldownSeconds" INTEGER NOT NULL DEFAULT 30,
    "maxAttempts" INTEGER NOT NULL DEFAULT 6,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoutingGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "weight" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "order" INTEGER NOT NULL DEFAULT 0,
    "rpm" INTEGER,
    "tpm" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupFallback" (
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "targetGroupId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'default',
    "position" INTEGER NOT NULL,

    CONSTRAINT "GroupFallback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaygroundRun" (
    "id" TEXT NOT NULL,
    "title" TEXT,
    "systemPrompt" TEXT NOT NULL DEFAULT '',
    "messagesJson" TEXT NOT NULL,
    "variablesJson" TEXT NOT NULL DEFAULT '{}',
    "voteColumn" INTEGER,
    "batchId" TEXT,
    "promptIndex" INTEGER,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlaygroundRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaygroundResult" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "column" INTEGER NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "paramsJson" TEXT NOT NULL DEFAULT '{}',
    "output" TEXT NOT NULL DEFAULT '',
    "errorKind" TEXT,
    "errorMessage" TEXT,
    "ttftMs" INTEGER,
    "latencyMs" INTEGER,
    "tokensIn" INTEGER,
    "tokensOut" INTEGER,
    "costUsd" DOUBLE PRECISION,
    "servedBy" TEXT,
    "traceJson" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlaygroundResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeVerdict" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "judgeModel" TEXT NOT NULL,
    "rubric" TEXT NOT NULL,
    "columnA" INTEGER NOT NULL,
    "columnB" INTEGER NOT NULL,
    "winner" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeVerdict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlaygroundBatch" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "columnsJson" TEXT NOT NULL,
    "promptsJson" TEXT NOT NULL,
    "systemPrompt" TEXT NOT NULL DEFAULT '',
    "concurrency" INTEGER NOT NULL DEFAULT 4,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlaygroundBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "keyLast4" TEXT NOT NULL,
    "allowedJson" TEXT,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "logPrompts" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestLog" (
    "id" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "groupName" TEXT,
    "modelId" TEXT,
    "modelName" TEXT,
    "provider" TEXT,
    "status" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "stream" BOOLEAN NOT NULL DEFAULT false,
    "latencyMs" INTEGER NOT NULL,
    "ttftMs" INTEGER,
    "tokensIn" INTEGER,
    "tokensOut" INTEGER,
    "costUsd" DOUBLE PRECISION,
    "errorKind" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "fallbacks" INTEGER NOT NULL DEFAULT 0,
    "promptJson" TEXT,
    "responseText" TEXT,

    CONSTRAINT "RequestLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Credential_name_key" ON "Credential"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Model_name_key" ON "Model"("name");

-- CreateIndex
CREATE INDEX "Model_provider_idx" ON "Model"("provider");

-- CreateIndex
CREATE INDEX "Model_kind_idx" ON "Model"("kind");

-- CreateIndex
CREATE INDEX "Model_baseModel_idx" ON "Model"("baseModel");

-- CreateIndex
CREATE INDEX "Model_createdAt_idx" ON "Model"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RoutingGroup_name_key" ON "RoutingGroup"("name");

-- CreateIndex
CREATE INDEX "GroupMember_modelId_idx" ON "GroupMember"("modelId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupMember_groupId_modelId_key" ON "GroupMember"("groupId", "modelId");

-- CreateIndex
CREATE INDEX "GroupFallback_targetGroupId_idx" ON "GroupFallback"("targetGroupId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupFallback_groupId_kind_targetGroupId_key" ON "GroupFallback"("groupId", "kind", "targetGroupId");

-- CreateIndex
CREATE INDEX "PlaygroundRun_createdAt_idx" ON "PlaygroundRun"("createdAt");

-- CreateIndex
CREATE INDEX "PlaygroundRun_batchId_idx" ON "PlaygroundRun"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "PlaygroundResult_runId_column_key" ON "PlaygroundResult"("runId", "column");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "RequestLog_createdAt_idx" ON "RequestLog"("createdAt");

-- CreateIndex
CREATE INDEX "RequestLog_modelId_createdAt_idx" ON "RequestLog"("modelId", "createdAt");

-- CreateIndex
CREATE INDEX "RequestLog_groupName_createdAt_idx" ON "RequestLog"("groupName", "createdAt");

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "RoutingGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupFallback" ADD CONSTRAINT "GroupFallback_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "RoutingGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupFallback" ADD CONSTRAINT "GroupFallback_targetGroupId_fkey" FOREIGN KEY ("targetGroupId") REFERENCES "RoutingGroup"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlaygroundRun" ADD CONSTRAINT "PlaygroundRun_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PlaygroundBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlaygroundResult" ADD CONSTRAINT "PlaygroundResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PlaygroundRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeVerdict" ADD CONSTRAINT "JudgeVerdict_runId_fkey" FOREIGN KEY ("runId") REFERENCES "PlaygroundRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestLog" ADD CONSTRAINT "RequestLog_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

