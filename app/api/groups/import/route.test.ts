import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { seedIfEmpty } from "@/lib/models/server/seed";
import { apiRequest, useTestDb } from "@/test/db";
import { GET as exportGroups } from "../export/route";
import { POST } from "./route";

const { db } = useTestDb();
beforeAll(() => seedIfEmpty(db));

const importYaml = (yaml: string) => POST(apiRequest("/api/groups/import", { body: { yaml } }));

const SAMPLE = `
model_list:
  - model_name: chat-prod
    litellm_params:
      model: openai/ft:gpt-4o-mini-2024-07-18:acme:chat:AbC123
      api_key: os.environ/OPENAI_API_KEY
      rpm: 600
      weight: 3
      temperature: 0.2
  - model_name: chat-prod
    litellm_params:
      model: openai/gpt-4o-mini-2024-07-18
      api_key: os.environ/OPENAI_API_KEY
      weight: 1
      order: 1
  - model_name: chat-backup
    litellm_params:
      model: mistral/mistral-small-latest
      api_key: os.environ/MISTRAL_API_KEY
  - model_name: broken
    litellm_params:
      model: azure/gpt4o-prod
  - model_name: needs-broken
    litellm_params:
      model: openai/gpt-4o-mini-2024-07-18
router_settings:
  routing_strategy: usage-based-routing-v2
  num_retries: 3
  timeout: 45
  allowed_fails: 2
  cooldown_time: 20
  redis_host: localhost
litellm_settings:
  fallbacks:
    - chat-prod: [chat-backup]
    - needs-broken: [broken]
  context_window_fallbacks:
    - chat-prod: [chat-backup]
`;

describe("POST /api/groups/import", () => {
  it("refuses bad YAML with a 400 naming the line, never a 500", async () => {
    const res = await importYaml("model_list:\n  - model_name: x\n    litellm_params: [unclosed\n");
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.message).toMatch(/line \d+/);
  });

  it.each([
    ["an alias with no anchor", "model_list:\n  - model_name: a\n    litellm_params: *nope\n", /line 3: alias \*nope refers to no anchor/],
    ["an alias bomb", `${["a0: &a0 [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(", ")}]`)].join("\n")}\nmodel_list: *a8\n`, /alias bomb/],
  ])("refuses %s with a 400 naming the problem, and registers nothing", async (_label, yaml, reason) => {
    const before = [await db.model.count(), await db.routingGroup.count()];
    const res = await importYaml(yaml);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("validation_failed");
    expect(error.message).toMatch(reason);
    expect(error.fields.yaml[0]).toMatch(reason);
    expect([await db.model.count(), await db.routingGroup.count()]).toEqual(before);
  });

  it("refuses a wrong shape with the field and its line", async () => {
    const res = await importYaml("model_list:\n  - model_name: a\n    litellm_params: { model: openai/gpt-4o }\nrouter_settings:\n  num_retries: lots\n");
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.fields["router_settings.num_retries"][0]).toMatch(/^line 5: /);
    const missing = await importYaml("router_settings: {}\n");
    expect((await missing.json()).error.fields.model_list[0]).toMatch(/model_list is required/);
    expect((await importYaml("- just\n- a list\n")).status).toBe(400);
    expect((await POST(apiRequest("/api/groups/import", { body: { yaml: "" } }))).status).toBe(400);
    expect((await POST(apiRequest("/api/groups/import", { body: { yaml: "model_list: []" }, auth: "none" }))).status).toBe(401);
  });

  it("registers models and creates groups, all-or-nothing per group, and says what was skipped and rejected", async () => {
    const modelsBefore = await db.model.count();
    const res = await importYaml(SAMPLE);
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.created.groups.map((g: { name: string }) => g.name).sort()).toEqual(["chat-backup", "chat-prod"]);
    expect(out.created.models.map((m: { provider: string }) => m.provider).sort()).toEqual(["mistral", "openai"]);
    // The base model id is already seeded (gpt-4o-mini): reused, not registered twice.
    expect(out.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "model", reason: expect.stringContaining('already registered as "gpt-4o-mini"') }),
        expect.objectContaining({ field: "router_settings.redis_host" }),
        expect.objectContaining({ field: "model_list.0.litellm_params.temperature" }),
      ]),
    );
    const rejected = Object.fromEntries(out.rejected.map((r: { name: string; reason: string }) => [r.name, r.reason]));
    expect(rejected.broken).toMatch(/Azure needs the resource endpoint/);
    expect(rejected.broken).toMatch(/^line \d+/);
    expect(rejected["needs-broken"]).toMatch(/fallback group "broken" was rejected/);
    expect(await db.model.count()).toBe(modelsBefore + 2);

    const prod = await db.routingGroup.findUniqueOrThrow({ where: { name: "chat-prod" }, include: { members: { include: { model: true } }, fallbacks: true } });
    expect(prod).toMatchObject({ strategy: "usage-based-routing", retries: 3, timeoutMs: 45_000, allowedFails: 2, cooldownSeconds: 20 });
    const ft = prod.members.find((m) => m.model.kind === "fine_tuned")!;
    expect(ft).toMatchObject({ weight: 3, rpm: 600, order: 0 });
    expect(ft.model.secretEnvRef).toBe("env:OPENAI_API_KEY");
    expect(prod.members.find((m) => m.model.kind === "base")).toMatchObject({ weight: 1, order: 1 });
    expect(prod.fallbacks.map((f) => f.kind).sort()).toEqual(["context_window", "default"]);

    // Importing again creates nothing: the groups exist.
    const again = await (await importYaml(SAMPLE)).json();
    expect(again.created.groups).toEqual([]);
    expect(again.skipped.filter((s: { kind: string }) => s.kind === "group").map((s: { name: string }) => s.name).sort()).toEqual(["chat-backup", "chat-prod"]);
  });

  it("rejects a group that fails after registering its models and removes those models", async () => {
    const before = await db.model.count();
    const out = await (
      await importYaml(`
model_list:
  - model_name: "bad name!"
    litellm_params: { model: together_ai/meta-llama/Llama-3-8b-chat-hf }
`)
    ).json();
    expect(out.rejected[0]).toMatchObject({ name: "bad name!" });
    expect(out.created.models).toEqual([]);
    expect(await db.model.count()).toBe(before);
  });

  it("refuses a fallback cycle in the file, naming the groups", async () => {
    const out = await (
      await importYaml(`
model_list:
  - { model_name: ring-a, litellm_params: { model: openai/gpt-4o-mini-2024-07-18 } }
  - { model_name: ring-b, litellm_params: { model: openai/gpt-4o-mini-2024-07-18 } }
litellm_settings:
  fallbacks: [{ ring-a: [ring-b] }, { ring-b: [ring-a] }]
`)
    ).json();
    expect(out.rejected.map((r: { reason: string }) => r.reason)).toEqual([expect.stringMatching(/cycle among "ring-a", "ring-b"/), expect.stringMatching(/cycle/)]);
  });
});

describe("GET /api/groups/export", () => {
  it("exports groups as LiteLLM YAML without secrets, and a round trip keeps what both formats express", async () => {
    const prod = await db.routingGroup.findUniqueOrThrow({ where: { name: "chat-prod" } });
    const res = await exportGroups(apiRequest(`/api/groups/export?ids=${prod.id}`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("litellm-config.yaml");
    const text = await res.text();
    const cfg = parse(text);
    expect(cfg.model_list).toHaveLength(2);
    expect(cfg.model_list[0]).toMatchObject({ model_name: "chat-prod", litellm_params: { model: "openai/ft:gpt-4o-mini-2024-07-18:acme:chat:AbC123", api_key: "os.environ/OPENAI_API_KEY", rpm: 600, weight: 3 } });
    expect(cfg.router_settings).toMatchObject({ routing_strategy: "usage-based-routing", num_retries: 3, timeout: 45, allowed_fails: 2, cooldown_time: 20 });
    expect(cfg.litellm_settings).toEqual({ fallbacks: [{ "chat-prod": ["chat-backup"] }], context_window_fallbacks: [{ "chat-prod": ["chat-backup"] }] });

    // Round trip: rename the groups, import into the same registry, compare.
    const renamed = text.replaceAll("chat-prod", "chat-prod-copy");
    const out = await (await importYaml(renamed)).json();
    expect(out.rejected).toEqual([]);
    expect(out.created.groups.map((g: { name: string }) => g.name)).toEqual(["chat-prod-copy"]);
    const [a, b] = await Promise.all(
      ["chat-prod", "chat-prod-copy"].map((name) =>
        db.routingGroup.findUniqueOrThrow({ where: { name }, include: { members: { orderBy: { modelId: "asc" } }, fallbacks: { orderBy: [{ kind: "asc" }, { position: "asc" }] } } }),
      ),
    );
    const strip = (g: typeof a) => ({
      ...g,
      id: undefined,
      name: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      members: g.members.map((m) => ({ ...m, id: undefined, groupId: undefined })),
      fallbacks: g.fallbacks.map((f) => ({ ...f, id: undefined, groupId: undefined })),
    });
    expect(strip(b)).toEqual(strip(a));
  });

  it("exports everything by default, and 404s an unknown id", async () => {
    const cfg = parse(await (await exportGroups(apiRequest("/api/groups/export"))).text());
    expect(Object.keys(cfg.tunebench_groups)).toEqual(expect.arrayContaining(["support-assistant", "chat-prod", "chat-backup"]));
    expect((await exportGroups(apiRequest("/api/groups/export?ids=nope"))).status).toBe(404);
  });
});
