import type { Db } from "@/lib/server/db";
import { encodeTags } from "./models";

// Realistic examples so a fresh install shows every kind of identifier, and the
// simulator pair makes the playground and routing work with no provider keys.

export async function seedIfEmpty(db: Db): Promise<{ seeded: boolean }> {
  if ((await db.model.count()) > 0) return { seeded: false };
  try {
    await seedExamples(db);
  } catch (err) {
    // Two instances starting on one empty database both saw it empty: the second one's transaction meets
    // the first one's rows on a unique name and rolls back whole, which leaves exactly one seed.
    if ((err as { code?: unknown }).code === "P2002" && (await db.model.count()) > 0) return { seeded: false };
    throw err;
  }
  return { seeded: true };
}

async function seedExamples(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    const gpt4oMini = await tx.model.create({
      data: {
        name: "gpt-4o-mini",
        provider: "openai",
        modelId: "gpt-4o-mini-2024-07-18",
        kind: "base",
        baseModel: "gpt-4o-mini-2024-07-18",
        description: "OpenAI base model the support fine-tune was trained from.",
        tags: encodeTags(["openai", "support"]),
        secretEnvRef: "env:OPENAI_API_KEY",
      },
    });
    await tx.model.create({
      data: {
        name: "support-bot-v3",
        provider: "openai",
        modelId: "ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm",
        kind: "fine_tuned",
        baseModel: "gpt-4o-mini-2024-07-18",
        parentId: gpt4oMini.id,
        description: "Support answers in the house tone, trained on 4,200 resolved tickets.",
        tags: encodeTags(["openai", "support", "prod"]),
        secretEnvRef: "env:OPENAI_API_KEY",
        ftJobId: "ftjob-abc123KxT2qLm",
        ftTrainingFile: "file-6tGbLx4p2Vn8QmWs",
        ftEpochs: 3,
        ftTrainedTokens: 1_843_200,
        ftCreatedAt: new Date("2026-10-14T09:12:00Z"),
      },
    });
    await tx.model.create({
      data: {
        name: "azure-gpt-4o-eastus",
        provider: "azure",
        modelId: "gpt-4o",
        kind: "base",
        baseModel: "gpt-4o-2024-08-06",
        apiBase: "https://acme-eastus.openai.azure.com",
        apiVersion: "2024-10-21",
        azureDeployment: "gpt4o-prod",
        description: "Azure OpenAI deployment in East US.",
        tags: encodeTags(["azure"]),
        secretEnvRef: "env:AZURE_API_KEY",
      },
    });
    await tx.model.create({
      data: {
        name: "gemini-flash-claims-tuned",
        provider: "vertex_ai",
        modelId: "projects/acme-ml/locations/us-central1/endpoints/4977184512743079936",
        kind: "fine_tuned",
        baseModel: "gemini-2.0-flash-001",
        project: "acme-ml",
        location: "us-central1",
        description: "Gemini 2.0 Flash tuned on insurance claims, served from a Vertex AI endpoint.",
        tags: encodeTags(["vertex", "claims"]),
      },
    });
    const simBase = await tx.model.create({
      data: {
        name: "sim-8b-base",
        provider: "simulator",
        modelId: "tb-sim-8b",
        kind: "base",
        baseModel: "tb-sim-8b",
        description: "Built-in simulator: a base model that needs no provider key.",
        tags: encodeTags(["simulator"]),
        inputPricePerMTok: 0.15,
        outputPricePerMTok: 0.6,
        contextWindow: 8192,
        simulatorJson: JSON.stringify({ ttftMs: 120, tokensPerSecond: 120, latencyMs: 400 }),
      },
    });
    const simFt = await tx.model.create({
      data: {
        name: "sim-8b-support-ft",
        provider: "simulator",
        modelId: "ft:tb-sim-8b:acme:support:sim01",
        kind: "fine_tuned",
        baseModel: "tb-sim-8b",
        parentId: simBase.id,
        description: "Built-in simulator: a support fine-tune of sim-8b-base.",
        tags: encodeTags(["simulator", "support"]),
        inputPricePerMTok: 0.3,
        outputPricePerMTok: 1.2,
        contextWindow: 8192,
        ftJobId: "ftjob-sim0001",
        ftTrainingFile: "file-sim-support-train",
        ftEpochs: 3,
        ftTrainedTokens: 512_000,
        ftCreatedAt: new Date("2026-11-02T16:40:00Z"),
        simulatorJson: JSON.stringify({ ttftMs: 90, tokensPerSecond: 140, latencyMs: 300 }),
      },
    });
    await tx.routingGroup.create({
      data: {
        name: "support-assistant",
        description: "Canary: 80% base, 20% fine-tune.",
        strategy: "simple-shuffle",
        members: {
          create: [
            { modelId: simBase.id, weight: 80, order: 0 },
            { modelId: simFt.id, weight: 20, order: 0 },
          ],
        },
      },
    });
  });
}
