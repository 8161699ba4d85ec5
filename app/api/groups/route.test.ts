import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams, useTestDb } from "@/test/db";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { GET, POST } from "./route";
import { DELETE, GET as GET_ONE, PATCH } from "./[id]/route";

const { db } = useTestDb();
let base: string;
let tuned: string;

beforeAll(async () => {
  await seedIfEmpty(db);
  base = (await db.model.findUniqueOrThrow({ where: { name: "sim-8b-base" } })).id;
  tuned = (await db.model.findUniqueOrThrow({ where: { name: "sim-8b-support-ft" } })).id;
});

const create = (body: unknown) => POST(apiRequest("/api/groups", { body }));
const patch = (id: string, body: unknown) => PATCH(apiRequest(`/api/groups/${id}`, { method: "PATCH", body }), routeParams({ id }));
const del = (id: string) => DELETE(apiRequest(`/api/groups/${id}`, { method: "DELETE" }), routeParams({ id }));
const getOne = (id: string) => GET_ONE(apiRequest(`/api/groups/${id}`), routeParams({ id }));

async function created(body: Record<string, unknown>) {
  const res = await create({ strategy: "simple-shuffle", members: [{ modelId: base, weight: 1 }], ...body });
  expect(res.status).toBe(201);
  return res.json();
}

describe("/api/groups", () => {
  it("refuses an unauthenticated list", async () => {
    expect((await GET(apiRequest("/api/groups", { auth: "none" }))).status).toBe(401);
  });

  it("creates a group (201) with members' model details and defaults, and lists it", async () => {
    const g = await created({ name: "canary", members: [{ modelId: base, weight: 80 }, { modelId: "sim-8b-support-ft", weight: 20, order: 1, rpm: 60 }] });
    expect(g).toMatchObject({
      name: "canary",
      strategy: "simple-shuffle",
      retries: 2,
      timeoutMs: 30000,
      firstByteTimeoutMs: 10000,
      maxInFlight: 100,
      maxAttempts: 6,
      deadlineMs: 60000,
      version: 1,
      fallbacks: [],
      members: [
        { modelId: base, modelName: "sim-8b-base", provider: "simulator", kind: "base", baseModel: "tb-sim-8b", weight: 80, order: 0, rpm: null, enabled: true },
        { modelId: tuned, modelName: "sim-8b-support-ft", kind: "fine_tuned", weight: 20, order: 1, rpm: 60 },
      ],
    });
    const list = await (await GET(apiRequest("/api/groups?q=canary"))).json();
    // The seeded "support-assistant" says "Canary" in its description.
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(["canary", "support-assistant"]);
    expect(list).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect((await (await getOne(g.id)).json()).name).toBe("canary");
  });

  it.each([
    ["an empty group", { name: "e", members: [] }, "members", /at least one member/],
    ["a weight of 0", { name: "w", members: [{ modelId: "x", weight: 0 }] }, "members.0.weight", /greater than 0/],
    ["a negative weight", { name: "w", members: [{ modelId: "x", weight: -1 }] }, "members.0.weight", /greater than 0/],
    ["an unknown strategy", { name: "s", strategy: "round-robin", members: [{ modelId: "x" }] }, "strategy", /must be one of/],
    ["an unknown field", { name: "u", members: [{ modelId: "x" }], retry: 3 }, "body", /retry/],
    ["the same model twice", { name: "d", members: [{ modelId: "x" }, { modelId: "x" }] }, "members.1.modelId", /listed twice/],
    ["a first-byte timeout under 100 ms", { name: "t", members: [{ modelId: "x" }], firstByteTimeoutMs: 50 }, "firstByteTimeoutMs", /at least 100/],
    ["an in-flight ceiling of 0", { name: "c", members: [{ modelId: "x" }], maxInFlight: 0 }, "maxInFlight", /at least 1/],
    ["a deadline that is not a number", { name: "l", members: [{ modelId: "x" }], deadlineMs: "soon" }, "deadlineMs", /must be a number/],
  ])("rejects %s, naming the problem, and writes nothing", async (_label, body, field, message) => {
    const before = await db.routingGroup.count();
    const res = await create(body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.fields[field]?.join(" ") ?? JSON.stringify(error.fields)).toMatch(message);
    expect(await db.routingGroup.count()).toBe(before);
  });

  it("rejects an unknown model and an unknown fallback group by name", async () => {
    const res = await create({ name: "bad-refs", strategy: "least-busy", members: [{ modelId: "no-such-model", weight: 1 }], fallbacks: ["nope"] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ "members.0.modelId": ['No registered model "no-such-model"'] });
    const res2 = await create({ name: "bad-fb", strategy: "least-busy", members: [{ modelId: base, weight: 1 }], fallbacks: ["nope"] });
    expect((await res2.json()).error.fields).toEqual({ "fallbacks.0": ['Unknown fallback group "nope"'] });
    expect(await db.routingGroup.findUnique({ where: { name: "bad-fb" } })).toBeNull();
  });

  it("refuses a duplicate name with 409 on name", async () => {
    await created({ name: "dup" });
    const res = await create({ name: "dup", strategy: "simple-shuffle", members: [{ modelId: base, weight: 1 }] });
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error.code).toBe("conflict");
    expect(error.fields.name).toBeDefined();
  });

  it("rejects fallback cycles (self, direct and through another kind), naming the path", async () => {
    const self = await create({ name: "selfish", strategy: "simple-shuffle", members: [{ modelId: base, weight: 1 }], fallbacks: ["selfish"] });
    expect((await self.json()).error.fields["fallbacks.0"][0]).toMatch(/cycle/);

    const a = await created({ name: "cyc-a" });
    const b = await created({ name: "cyc-b", fallbacks: ["cyc-a"] });
    const c = await created({ name: "cyc-c", contextWindowFallbacks: ["cyc-b"] });
    const res = await patch(a.id, { version: 1, contentPolicyFallbacks: ["cyc-c"] });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields["contentPolicyFallbacks.0"]).toEqual(["Fallback cycle: cyc-a → cyc-c → cyc-b → cyc-a"]);
    expect((await (await getOne(a.id)).json()).version).toBe(1);
    expect(b.fallbacks).toEqual(["cyc-a"]);
    expect(c.contextWindowFallbacks).toEqual(["cyc-b"]);
  });

  it("PATCH replaces members and fallback lists in one transaction, clears nulls, bumps version", async () => {
    await created({ name: "fb-1" });
    await created({ name: "fb-2" });
    const g = await created({ name: "editable", description: "first", retries: 4, fallbacks: ["fb-1"], contextWindowFallbacks: ["fb-2"] });
    const res = await patch(g.id, {
      version: 1,
      description: null,
      retries: null,
      maxAttempts: 3,
      maxInFlight: 12,
      deadlineMs: 20_000,
      members: [{ modelId: tuned, weight: 2, tpm: 1000, enabled: false }],
      fallbacks: ["fb-2", "fb-1"],
      contextWindowFallbacks: null,
    });
    expect(res.status).toBe(200);
    const u = await res.json();
    expect(u).toMatchObject({ version: 2, description: null, retries: 2, maxAttempts: 3, maxInFlight: 12, deadlineMs: 20_000, fallbacks: ["fb-2", "fb-1"], contextWindowFallbacks: [] });
    expect(u.members).toEqual([expect.objectContaining({ modelId: tuned, weight: 2, tpm: 1000, enabled: false })]);
    expect((await (await getOne((await db.routingGroup.findUniqueOrThrow({ where: { name: "fb-1" } })).id)).json()).usedAsFallbackBy).toEqual(["editable"]);
  });

  it("PATCH with a stale version gets 409 with the current group; a failing PATCH leaves nothing half-saved", async () => {
    const g = await created({ name: "concurrent", fallbacks: [] });
    expect((await patch(g.id, { version: 1, retries: 5 })).status).toBe(200);
    const stale = await patch(g.id, { version: 1, retries: 1 });
    expect(stale.status).toBe(409);
    const { error } = await stale.json();
    expect(error.code).toBe("version_conflict");
    expect(error.current).toMatchObject({ version: 2, retries: 5 });

    const bad = await patch(g.id, { version: 2, members: [{ modelId: tuned, weight: 1 }], fallbacks: ["ghost"] });
    expect(bad.status).toBe(400);
    const after = await (await getOne(g.id)).json();
    expect(after.members.map((m: { modelId: string }) => m.modelId)).toEqual([base]);
    expect(after.version).toBe(2);
  });

  it("PATCH and GET of an unknown id are 404", async () => {
    expect((await getOne("nope")).status).toBe(404);
    expect((await patch("nope", { version: 1 })).status).toBe(404);
    expect((await del("nope")).status).toBe(404);
  });

  it("DELETE refuses a group used as a fallback (409 naming the user), then deletes once unused", async () => {
    const target = await created({ name: "safety-net" });
    const user = await created({ name: "uses-net", contentPolicyFallbacks: ["safety-net"] });
    const refused = await del(target.id);
    expect(refused.status).toBe(409);
    const { error } = await refused.json();
    expect(error.message).toMatch(/"uses-net"/);
    expect(error.groups).toEqual([{ id: user.id, name: "uses-net" }]);
    expect((await del(user.id)).status).toBe(200);
    expect((await del(target.id)).status).toBe(200);
    expect(await db.groupMember.count({ where: { groupId: target.id } })).toBe(0);
  });
});
