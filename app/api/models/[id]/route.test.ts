import { describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { POST as create } from "../route";
import { DELETE, GET, PATCH } from "./route";

const { db } = useTestDb();

async function register(body: Record<string, unknown>) {
  const res = await create(apiRequest("/api/models", { body }));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; version: number; name: string };
}

const patch = (id: string, body: unknown) => PATCH(apiRequest(`/api/models/${id}`, { method: "PATCH", body }), routeParams({ id }));

describe("/api/models/{id}", () => {
  it("returns the detail with lineage, groups and pricing, and 404 for an unknown id", async () => {
    await seedIfEmpty(db);
    const base = await db.model.findUniqueOrThrow({ where: { name: "sim-8b-base" } });
    const res = await GET(apiRequest(`/api/models/${base.id}`), routeParams({ id: base.id }));
    expect(res.status).toBe(200);
    const detail = await res.json();
    expect(detail.children.map((c: { name: string }) => c.name)).toEqual(["sim-8b-support-ft"]);
    expect(detail.groups.map((g: { name: string }) => g.name)).toEqual(["support-assistant"]);
    expect(detail.pricing).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6, source: "custom" });
    expect(detail.recentRequests).toEqual([]);
    const ft = await db.model.findUniqueOrThrow({ where: { name: "support-bot-v3" } });
    const ftDetail = await (await GET(apiRequest(`/api/models/${ft.id}`), routeParams({ id: ft.id }))).json();
    expect(ftDetail.parent.name).toBe("gpt-4o-mini");
    expect(ftDetail.pricing.source).toBe("price table");
    const missing = await GET(apiRequest("/api/models/nope"), routeParams({ id: "nope" }));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
  });

  it("edits with the version, clears a field sent as null or empty, and bumps the version", async () => {
    const m = await register({ name: "edit-me", model: "gpt-4o", description: "first", contextWindow: 1000, tags: ["a"], apiKey: "sk-test-abcd1234" });
    const res = await patch(m.id, { version: m.version, description: "", contextWindow: null, tags: [], baseModel: null });
    expect(res.status).toBe(200);
    const updated = await res.json();
    expect(updated).toMatchObject({ description: null, contextWindow: null, tags: [], baseModel: null, version: m.version + 1 });
    expect(updated.secret.last4).toBe("1234");
    const row = await db.model.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.description).toBeNull();
    expect(row.contextWindow).toBeNull();
  });

  it("refuses a stale version with 409 and the current record, writing nothing", async () => {
    const m = await register({ name: "stale", model: "gpt-4o", description: "v1" });
    expect((await patch(m.id, { version: m.version, description: "v2" })).status).toBe(200);
    const stale = await patch(m.id, { version: m.version, description: "lost update" });
    expect(stale.status).toBe(409);
    const { error } = await stale.json();
    expect(error.code).toBe("version_conflict");
    expect(error.current).toMatchObject({ description: "v2", version: m.version + 1 });
    expect((await db.model.findUniqueOrThrow({ where: { id: m.id } })).description).toBe("v2");
  });

  it("refuses a rename onto a taken name (409 on name) and an edit without a version (400)", async () => {
    const m = await register({ name: "rename-me", model: "gpt-4o" });
    const taken = await patch(m.id, { version: m.version, name: "stale" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.fields.name).toBeDefined();
    const noVersion = await patch(m.id, { name: "x" });
    expect(noVersion.status).toBe(400);
    expect((await noVersion.json()).error.fields.version).toBeDefined();
  });

  it("re-resolves a changed model id, replaces and clears secrets", async () => {
    const m = await register({ name: "reresolve", model: "gpt-4o", apiKey: "sk-first-1111" });
    const r1 = await (await patch(m.id, { version: 1, model: "ft:gpt-4.1-mini-2025-04-14:acme:x:Abc", apiKey: "sk-second-2222" })).json();
    expect(r1).toMatchObject({ model: "ft:gpt-4.1-mini-2025-04-14:acme:x:Abc", kind: "fine_tuned", baseModel: "gpt-4.1-mini-2025-04-14" });
    expect(r1.secret.last4).toBe("2222");
    const r2 = await (await patch(m.id, { version: 2, apiKey: null })).json();
    expect(r2.secret.source).toBe("none");
    const bad = await patch(m.id, { version: 3, provider: "azure" });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields)).toContain("apiBase");
  });

  it("refuses to delete a model a group uses, naming the groups, then cascades on confirmation", async () => {
    const base = await db.model.findUniqueOrThrow({ where: { name: "sim-8b-base" } });
    const refused = await DELETE(apiRequest(`/api/models/${base.id}`, { method: "DELETE" }), routeParams({ id: base.id }));
    expect(refused.status).toBe(409);
    const { error } = await refused.json();
    expect(error.groups.map((g: { name: string }) => g.name)).toEqual(["support-assistant"]);
    expect(await db.model.count({ where: { id: base.id } })).toBe(1);
    const cascaded = await DELETE(apiRequest(`/api/models/${base.id}?cascade=true`, { method: "DELETE" }), routeParams({ id: base.id }));
    expect(cascaded.status).toBe(200);
    expect(await db.model.count({ where: { id: base.id } })).toBe(0);
    expect(await db.groupMember.count({ where: { modelId: base.id } })).toBe(0);
    const child = await db.model.findUniqueOrThrow({ where: { name: "sim-8b-support-ft" } });
    expect(child.parentId).toBeNull();
  });

  it("deletes an unused model, and 404s the second time", async () => {
    const m = await register({ name: "delete-me", model: "gpt-4o" });
    expect((await DELETE(apiRequest(`/api/models/${m.id}`, { method: "DELETE" }), routeParams({ id: m.id }))).status).toBe(200);
    expect((await DELETE(apiRequest(`/api/models/${m.id}`, { method: "DELETE" }), routeParams({ id: m.id }))).status).toBe(404);
  });
});
