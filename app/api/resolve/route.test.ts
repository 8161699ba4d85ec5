import { describe, expect, it } from "vitest";
import { apiRequest, useTestDb } from "@/test/db";
import { GET } from "./route";

useTestDb();

describe("GET /api/resolve", () => {
  it("returns provider, base model and the rule for a fine-tune id", async () => {
    const res = await GET(apiRequest("/api/resolve?model=" + encodeURIComponent("ft:gpt-4o-mini-2024-07-18:acme:support-v2:9xYz1AbC")));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ provider: "openai", baseModel: "gpt-4o-mini-2024-07-18", kind: "fine_tuned", rule: expect.stringContaining("ft:") });
  });

  it("uses the api base as a hint", async () => {
    const res = await GET(apiRequest("/api/resolve?model=gpt-4o&apiBase=" + encodeURIComponent("https://acme.openai.azure.com")));
    expect((await res.json()).provider).toBe("azure");
  });

  it("answers 400 naming the field when it cannot resolve, and needs auth", async () => {
    const res = await GET(apiRequest("/api/resolve?model=mystery"));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.fields.provider[0]).toMatch(/prefix/);
    expect((await GET(apiRequest("/api/resolve"))).status).toBe(400);
    expect((await GET(apiRequest("/api/resolve?model=gpt-4o", { auth: "none" }))).status).toBe(401);
  });
});
