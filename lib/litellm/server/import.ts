import { changesRegistry } from "@/lib/server/registry-generation";
import "server-only";
import { z } from "zod";
import { GroupCreateSchema } from "@/lib/groups/schema";
import { MAX_CONFIG_BYTES, parseLiteLlmConfig } from "@/lib/litellm/config";
import { fallbackNames, planImport, type PlannedGroup, type PlannedModel } from "@/lib/litellm/plan";
import type { LiteLlmImportResult } from "@/lib/litellm/types";
import { ModelCreateSchema } from "@/lib/models/schema";
import { ApiError } from "@/lib/server/api-error";
import type { Db } from "@/lib/server/db";
import { createGroup } from "@/lib/groups/server/groups";
import { prepareCreate } from "@/lib/models/server/models";

// Import a LiteLLM config.yaml: register its deployments and create its groups, all-or-nothing per group.
// A group is created only after the groups it falls back to; a group that fails removes the models it registered.

export const LiteLlmImportBodySchema = z
  .object({ yaml: z.string().min(1, "Paste or upload a config.yaml").max(MAX_CONFIG_BYTES, "The file is larger than 1 MB") })
  .strict();

class Refused extends Error {}

const firstField = (err: ApiError) => (err.fields ? Object.entries(err.fields)[0] : undefined);

async function importLiteLlmConfigUnsignalled(db: Db, text: string): Promise<LiteLlmImportResult> {
  const parsed = parseLiteLlmConfig(text);
  if (!parsed.ok) {
    const fields: Record<string, string[]> = {};
    for (const i of parsed.issues) (fields[i.field ?? "yaml"] ??= []).push(`${i.line ? `line ${i.line}: ` : ""}${i.reason}`);
    const first = parsed.issues[0];
    throw new ApiError("validation_failed", `Invalid LiteLLM config — ${first.line ? `line ${first.line}` : first.field ?? "yaml"}: ${first.reason}`, fields, { issues: parsed.issues });
  }
  const plan = planImport(parsed.config, parsed.lineOf);
  const result: LiteLlmImportResult = { created: { models: [], groups: [] }, skipped: [...plan.skipped], rejected: [] };
  const modelIds = new Map<PlannedModel, string>();
  const reportedReuse = new Set<PlannedModel>();

  const referenced = [...new Set(plan.groups.flatMap((g) => [g.name, ...fallbackNames(g)]))];
  const existing = new Set((await db.routingGroup.findMany({ where: { name: { in: referenced } }, select: { name: true } })).map((g) => g.name));
  const inFile = new Set(plan.groups.map((g) => g.name));
  const done = new Set<string>();
  const refused = new Set<string>();
  const reject = (g: PlannedGroup, reason: string) => {
    refused.add(g.name);
    result.rejected.push({ kind: "group", name: g.name, reason, line: g.line });
  };

  let pending: PlannedGroup[] = [];
  for (const g of plan.groups) {
    if (g.problems.length) reject(g, g.problems.join("; "));
    else if (existing.has(g.name)) result.skipped.push({ kind: "group", name: g.name, reason: `a routing group named "${g.name}" already exists`, line: g.line });
    else pending.push(g);
  }

  async function modelId(pm: PlannedModel, createdHere: Array<{ pm: PlannedModel; id: string }>): Promise<string> {
    const known = modelIds.get(pm);
    if (known) return known;
    const where = `line ${pm.line ?? "?"}: model_list.${pm.index}.litellm_params`;
    const input = ModelCreateSchema.safeParse(pm.input);
    if (!input.success) throw new Refused(`${where}: ${input.error.issues[0]?.path.join(".")}: ${input.error.issues[0]?.message}`);
    let data;
    try {
      ({ data } = await prepareCreate(db, input.data));
    } catch (err) {
      if (err instanceof ApiError) throw new Refused(`${where}: ${firstField(err)?.[1][0] ?? err.message}`);
      throw err;
    }
    // Several registrations may share a deployment: reuse the oldest, so the choice is stable.
    const same = await db.model.findFirst({ where: { modelId: data.modelId, provider: data.provider, apiBase: data.apiBase }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
    if (same) {
      modelIds.set(pm, same.id);
      if (!reportedReuse.has(pm)) result.skipped.push({ kind: "model", name: pm.input.name, reason: `already registered as "${same.name}"; reused`, line: pm.line });
      reportedReuse.add(pm);
      return same.id;
    }
    let name = data.name;
    for (let n = 2; await db.model.findUnique({ where: { name }, select: { id: true } }); n++) name = `${data.name}-${n}`;
    const row = await db.model.create({ data: { ...data, name }, select: { id: true, name: true, modelId: true, provider: true } });
    modelIds.set(pm, row.id);
    createdHere.push({ pm, id: row.id });
    result.created.models.push({ name: row.name, model: row.modelId, provider: row.provider });
    return row.id;
  }

  async function importGroup(g: PlannedGroup): Promise<void> {
    const createdHere: Array<{ pm: PlannedModel; id: string }> = [];
    try {
      const members = [];
      for (const m of g.members) members.push({ modelId: await modelId(m.model, createdHere), weight: m.weight, order: m.order, rpm: m.rpm, tpm: m.tpm, enabled: m.enabled });
      const input = GroupCreateSchema.safeParse({ name: g.name, members, ...g.settings });
      if (!input.success) throw new Refused(input.error.issues.map((i) => `${i.path.join(".") || "group"}: ${i.message}`).join("; "));
      const created = await createGroup(db, input.data);
      done.add(g.name);
      result.created.groups.push({ id: created.id, name: created.name, members: created.members.length });
    } catch (err) {
      if (!(err instanceof Refused) && !(err instanceof ApiError)) throw err;
      // All-or-nothing per group: the models this group registered go too.
      if (createdHere.length) await db.model.deleteMany({ where: { id: { in: createdHere.map((c) => c.id) } } });
      for (const c of createdHere) {
        modelIds.delete(c.pm);
        const i = result.created.models.findIndex((m) => m.model === c.pm.input.model || m.name === c.pm.input.name);
        if (i >= 0) result.created.models.splice(i, 1);
      }
      const reason = err instanceof ApiError ? `${firstField(err)?.[1][0] ?? err.message}` : err.message;
      reject(g, reason);
    }
  }

  // Fallback targets first; a group waits for the groups it names, and is refused when one of them is.
  for (let progress = true; pending.length && progress; ) {
    progress = false;
    const next: PlannedGroup[] = [];
    for (const g of pending) {
      const deps = fallbackNames(g).filter((n) => n !== g.name);
      const missing = deps.find((n) => !inFile.has(n) && !existing.has(n));
      const failed = deps.find((n) => refused.has(n));
      if (missing) reject(g, `fallback group "${missing}" is neither in this file nor registered`);
      else if (failed) reject(g, `its fallback group "${failed}" was rejected`);
      else if (deps.every((n) => existing.has(n) || done.has(n)) || fallbackNames(g).includes(g.name)) await importGroup(g);
      else {
        next.push(g);
        continue;
      }
      progress = true;
    }
    pending = next;
  }
  for (const g of pending) reject(g, `fallback cycle among ${pending.map((p) => `"${p.name}"`).join(", ")}`);
  return result;
}

// Every registry write signals the change, so in-memory copies (the gateway's config) never serve a stale edit.
export const importLiteLlmConfig = changesRegistry(importLiteLlmConfigUnsignalled);
