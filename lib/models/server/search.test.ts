import { beforeAll, describe, expect, it } from "vitest";
import { GroupListQuerySchema } from "@/lib/groups/schema";
import { ModelListQuerySchema } from "@/lib/models/schema";
import { RunListQuerySchema } from "@/lib/playground/schema";
import { usePgTestDb } from "@/test/pg-db";
import { useTestDb } from "@/test/db";
import type { Db } from "@/lib/server/db";
import { listGroups } from "@/lib/groups/server/groups";
import { listModels } from "./models";
import { listRuns } from "@/lib/playground/server/runs";
import { seedIfEmpty } from "./seed";

// Every search box ignores case on both engines: SQLite's LIKE does by itself, PostgreSQL's does not.

function searchCases(name: string, open: () => { readonly db: Db }) {
  describe(`search on ${name}`, () => {
    const t = open();
    beforeAll(async () => {
      await seedIfEmpty(t.db);
      await t.db.playgroundRun.create({
        data: { title: "Tone Check", messagesJson: JSON.stringify([{ role: "user", content: "Refund Policy?" }]), results: { create: [{ column: 0, targetType: "model", targetName: "sim-8b-base" }] } },
      });
    });

    it("finds models by name, provider id and description whatever the case", async () => {
      const find = async (q: string) => (await listModels(t.db, ModelListQuerySchema.parse({ q, sort: "name" }))).items.map((m) => m.name);
      expect(await find("SIM-8B")).toEqual(["sim-8b-base", "sim-8b-support-ft"]);
      expect(await find("sim-8b")).toEqual(["sim-8b-base", "sim-8b-support-ft"]);
      expect(await find("FT:TB-SIM")).toEqual(["sim-8b-support-ft"]);
      expect(await find("insurance CLAIMS")).toEqual(["gemini-flash-claims-tuned"]);
      expect(await find("no-such-model")).toEqual([]);
    });

    it("filters models by tag whatever the case", async () => {
      const page = await listModels(t.db, ModelListQuerySchema.parse({ tag: "SIMULATOR", sort: "name" }));
      expect(page.items.map((m) => m.name)).toEqual(["sim-8b-base", "sim-8b-support-ft"]);
    });

    it("finds routing groups by name and description whatever the case", async () => {
      const find = async (q: string) => (await listGroups(t.db, GroupListQuerySchema.parse({ q }))).items.map((g) => g.name);
      expect(await find("SUPPORT-Assistant")).toEqual(["support-assistant"]);
      expect(await find("canary")).toEqual(["support-assistant"]);
    });

    it("finds playground runs by title, prompt and target whatever the case", async () => {
      const find = async (q: string) => (await listRuns(t.db, RunListQuerySchema.parse({ q }))).items.map((r) => r.title);
      expect(await find("tone check")).toEqual(["Tone Check"]);
      expect(await find("REFUND")).toEqual(["Tone Check"]);
      expect(await find("SIM-8B-BASE")).toEqual(["Tone Check"]);
    });
  });
}

searchCases("SQLite", () => useTestDb());
searchCases("PostgreSQL", () => usePgTestDb());
