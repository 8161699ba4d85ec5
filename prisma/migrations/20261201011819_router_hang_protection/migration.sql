-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RoutingGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "strategy" TEXT NOT NULL DEFAULT 'simple-shuffle',
    "retries" INTEGER NOT NULL DEFAULT 2,
    "timeoutMs" INTEGER NOT NULL DEFAULT 30000,
    "firstByteTimeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "streamTtftTimeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "maxInFlight" INTEGER NOT NULL DEFAULT 100,
    "allowedFails" INTEGER NOT NULL DEFAULT 3,
    "cooldownWindowSeconds" INTEGER NOT NULL DEFAULT 60,
    "cooldownSeconds" INTEGER NOT NULL DEFAULT 30,
    "maxAttempts" INTEGER NOT NULL DEFAULT 6,
    "deadlineMs" INTEGER NOT NULL DEFAULT 60000,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_RoutingGroup" ("allowedFails", "cooldownSeconds", "cooldownWindowSeconds", "createdAt", "description", "id", "maxAttempts", "name", "retries", "strategy", "streamTtftTimeoutMs", "timeoutMs", "updatedAt", "version") SELECT "allowedFails", "cooldownSeconds", "cooldownWindowSeconds", "createdAt", "description", "id", "maxAttempts", "name", "retries", "strategy", "streamTtftTimeoutMs", "timeoutMs", "updatedAt", "version" FROM "RoutingGroup";
DROP TABLE "RoutingGroup";
ALTER TABLE "new_RoutingGroup" RENAME TO "RoutingGroup";
CREATE UNIQUE INDEX "RoutingGroup_name_key" ON "RoutingGroup"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
