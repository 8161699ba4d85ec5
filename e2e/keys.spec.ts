import OpenAI from "openai";
import { E2E_MASTER_KEY } from "@/playwright.config";
import { expect, test } from "./fixtures";
import { KeysPage } from "./pages/keys-page";

// The gateway against `next start` with the official client, and the keys UI a user sees.

const gateway = (baseURL: string, apiKey = E2E_MASTER_KEY) => new OpenAI({ apiKey, baseURL: `${baseURL}/v1`, maxRetries: 0 });

test("the official openai client works against /v1 unchanged", async ({ baseURL }) => {
  const client = gateway(baseURL!);
  const models = await client.models.list();
  expect(models.data.map((m) => m.id)).toEqual(expect.arrayContaining(["support-assistant", "sim-8b-base", "sim-8b-support-ft"]));

  const { data, response } = await client.chat.completions.create({ model: "sim-8b-base", messages: [{ role: "user", content: "Hello" }], max_tokens: 16 }).withResponse();
  expect(data.choices[0].message.content).toBeTruthy();
  expect(response.headers.get("x-tunebench-served-by")).toBe("sim-8b-base");

  const viaGroup = await client.chat.completions.create({ model: "support-assistant", messages: [{ role: "user", content: "Hello" }] }).withResponse();
  expect(viaGroup.data.choices[0].message.content).toBeTruthy();
  expect(viaGroup.response.headers.get("x-tunebench-group")).toBe("support-assistant");
  expect(["sim-8b-base", "sim-8b-support-ft"]).toContain(viaGroup.response.headers.get("x-tunebench-served-by"));

  const stream = await client.chat.completions.create({ model: "support-assistant", messages: [{ role: "user", content: "Hello" }], stream: true, stream_options: { include_usage: true } });
  let text = "";
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? "";
    usage ??= chunk.usage;
  }
  expect(text).toBeTruthy();
  expect(usage?.total_tokens).toBeGreaterThan(0);

  await expect(gateway(baseURL!, "tb-wrong").models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  await expect(client.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  await expect(client.chat.completions.create({ model: "sim-8b-base", messages: [] })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
});

test("create a key (shown once, then masked), use it within its allow-list, revoke it", async ({ page, baseURL, signedIn: _ }) => {
  const keys = new KeysPage(page);
  await keys.goto();
  const key = await keys.createKey("e2e-app", { allowed: ["sim-8b-base"] });
  expect(key).toMatch(/^tb-/);

  // Masked from now on: the list shows the last four characters only, and the page never holds the secret.
  await expect(keys.row("e2e-app").getByText(`tb-••••${key.slice(-4)}`)).toBeVisible();
  await expect(page.getByText(key)).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  const client = gateway(baseURL!, key);
  const ok = await client.chat.completions.create({ model: "sim-8b-base", messages: [{ role: "user", content: "hi" }] });
  expect(ok.object).toBe("chat.completion");
  await expect(client.chat.completions.create({ model: "sim-8b-support-ft", messages: [{ role: "user", content: "hi" }] })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);

  await keys.revoke("e2e-app");
  await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

  // The call shows up in the request log and the usage charts.
  await keys.openTab("Request log");
  await expect(page.getByRole("table", { name: "Request log" }).getByText("e2e-app").first()).toBeVisible({ timeout: 20_000 });
  await keys.openTab("Usage");
  await expect(page.getByRole("table", { name: "Usage per model" }).getByRole("cell", { name: "sim-8b-base" })).toBeVisible();
  await expect(page.getByRole("figure").filter({ hasText: "Latency" })).toBeVisible();
});
