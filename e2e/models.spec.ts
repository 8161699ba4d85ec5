import { expect, test } from "./fixtures";
import { ModelsPage } from "./pages/models-page";
import { E2E_MASTER_KEY } from "@/playwright.config";

const FT = "ft:gpt-4o-mini-2024-07-18:acme:support-v2:9xYz1AbC";

test("register a fine-tune with provider and base detected, test it against the simulator, edit, delete", async ({ page, signedIn: _ }) => {
  const models = new ModelsPage(page);
  await models.startRegistering();
  await models.fillModelId(FT);
  // In words, not the resolver's rule.
  await expect(models.detection()).toHaveText("Detected: OpenAI fine-tune of gpt-4o-mini-2024-07-18");
  await page.getByLabel("Display name").fill("support-v2");
  await page.getByLabel("Tags").fill("support, e2e");
  await models.useSimulatorApiBase();
  await models.useInlineKey("sk-e2e-secret-key-1234");

  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(models.testResult()).toContainText("Connected");
  await expect(models.testResult()).toContainText(/ms/);
  await expect(models.testResult()).toContainText("/v1/chat/completions");

  await page.getByRole("button", { name: "Register model" }).click();
  await expect(page.getByRole("heading", { name: "support-v2" })).toBeVisible();
  await expect(page.getByText("Inline key ••••1234")).toBeVisible();
  await expect(page.getByText("gpt-4o-mini-2024-07-18").first()).toBeVisible();
  expect(await page.content()).not.toContain("sk-e2e-secret");
  // The test run before saving is the model's last test.
  await expect(page.getByRole("status", { name: "Last connection test" })).toContainText("Connected");
  // It derives from the registered base model, by a link.
  const lineage = page.getByRole("region", { name: "Lineage" });
  await lineage.getByRole("link", { name: "gpt-4o-mini", exact: true }).click();
  await expect(page.getByRole("heading", { name: "gpt-4o-mini", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Lineage" }).getByRole("list", { name: "Fine-tunes" })).toContainText("support-v2");
  await models.gotoList();
  await models.search("support-v2");
  await expect(models.row("support-v2").getByText(/OK · \d+ ms/)).toBeVisible();
  await models.row("support-v2").getByRole("link", { name: "support-v2", exact: true }).click();
  await expect(page.getByRole("heading", { name: "support-v2" })).toBeVisible();

  // Edit: change the description and clear the tags.
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { name: "Edit support-v2" })).toBeVisible();
  await page.getByLabel("Description").fill("Support answers, v2");
  await page.getByLabel("Tags").fill("");
  // Test connection tries the edit as it stands: a wrong API base fails before anything is saved.
  const savedBase = await page.getByLabel("API base").inputValue();
  await page.getByLabel("API base").fill("http://127.0.0.1:9/v1");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Tested with your unsaved changes; they are not saved yet.")).toBeVisible();
  await expect(models.testResult()).toContainText("127.0.0.1:9/v1/chat/completions");
  await page.getByLabel("API base").fill(savedBase);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(models.testResult()).toContainText("Connected");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "support-v2" })).toBeVisible();
  await expect(page.getByText("Support answers, v2")).toBeVisible();
  await expect(page.getByRole("region", { name: "Deployment" }).getByText("e2e")).toHaveCount(0);

  // Test from the list: the last result shows on the row.
  await models.gotoList();
  await models.search("support-v2");
  const row = models.row("support-v2");
  await row.getByRole("button", { name: "Test connection of support-v2" }).click();
  await expect(row.getByText(/OK · \d+ ms/)).toBeVisible();

  await row.getByRole("button", { name: "Delete support-v2" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete support-v2?" });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { name: "No models match these filters" })).toBeVisible();
});

test("a model a group uses is only deleted after confirming its groups", async ({ page, signedIn: _ }) => {
  const models = new ModelsPage(page);
  await models.search("sim-8b-base");
  await models.row("sim-8b-base").getByRole("button", { name: "Delete sim-8b-base" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete sim-8b-base?" });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(dialog.getByRole("list", { name: "Groups that use this model" })).toContainText("support-assistant");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(models.row("sim-8b-base")).toBeVisible();
});

test("bad input shows the server's field errors: unresolvable id, duplicate name (409)", async ({ page, signedIn: _ }) => {
  const models = new ModelsPage(page);
  await models.startRegistering();
  await models.fillModelId("something-odd");
  await page.getByLabel("Display name").fill("odd");
  await page.getByRole("button", { name: "Register model" }).click();
  await expect(models.fieldError(/prefix the id with its provider/)).toBeVisible();
  // The bad field is marked, described by its error, and has focus; the summary names it.
  const provider = page.getByLabel("Provider", { exact: true });
  await expect(provider).toHaveAttribute("aria-invalid", "true");
  await expect(provider).toHaveAccessibleDescription(/prefix the id with its provider/);
  await expect(provider).toBeFocused();
  await expect(models.fieldError("Not saved: fix the highlighted field.").getByRole("link")).toHaveText(["Provider"]);

  await models.fillModelId("gpt-4o");
  await page.getByLabel("Display name").fill("support-bot-v3");
  await page.getByRole("button", { name: "Register model" }).click();
  await expect(models.fieldError("This name is already taken")).toBeVisible();
  const name = page.getByLabel("Display name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("This name is already taken");
  await expect(name).toBeFocused();
  await expect(provider).not.toHaveAttribute("aria-invalid");
  await expect(page).toHaveURL(/\/models\/new$/);
});

test("the models list: the end of each id that tells fine-tunes apart, the whole id on hover and to copy; paging and filters", async ({ page, context, request, signedIn: _ }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const models = new ModelsPage(page);
  const row = models.row("support-bot-v3");
  const id = row.getByTitle("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm");
  await expect(id).toHaveText(/…support-bot:9KxT2qLm/);
  expect(await id.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await row.getByRole("button", { name: "Copy model id of support-bot-v3" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm");

  // "Sort by" stays on the filters' row.
  expect(await models.onOneRow(["Search", "Provider", "Kind", "Tag", "Base model", "Sort by"])).toBe(true);

  // A second page (named to sort last, so the other tests' rows stay on page 1): a disabled button looks disabled.
  const headers = { authorization: `Bearer ${E2E_MASTER_KEY}` };
  for (let i = 0; i < 20; i++) {
    const res = await request.post("/api/models", { headers, data: { name: `zz-paging-${String(i).padStart(2, "0")}`, model: "tb-sim-8b", provider: "simulator" } });
    expect(res.status()).toBe(201);
  }
  await models.gotoList();
  const previous = page.getByRole("button", { name: "Previous page" });
  const next = page.getByRole("button", { name: "Next page" });
  await expect(previous).toBeDisabled();
  await expect(previous).toHaveCSS("opacity", "0.5");
  await expect(next).toBeEnabled();
  await expect(next).toHaveCSS("opacity", "1");
  await next.click();
  await expect(next).toBeDisabled();
  await expect(next).toHaveCSS("opacity", "0.5");
});

test("the first page of models is in the page itself: it shows while the app's scripts are still loading", async ({ page, signedIn: _ }) => {
  const models = new ModelsPage(page);
  await page.route("**/_next/static/chunks/**", (route) => route.abort());
  await page.goto("/models");
  await expect(models.row("support-bot-v3")).toContainText("fine-tuned");
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(/page 1 of \d+/);
});

test("a stale edit gets 409 and a prompt to reload, never a silent overwrite", async ({ page, signedIn: _, baseURL }) => {
  const models = new ModelsPage(page);
  await models.search("gpt-4o-mini");
  await models.row("gpt-4o-mini").getByRole("link", { name: "Edit gpt-4o-mini" }).click();
  await expect(page.getByRole("heading", { name: "Edit gpt-4o-mini" })).toBeVisible();
  const url = page.url();
  const id = url.split("/models/")[1].split("/")[0];

  // Someone else saves first.
  const current = await (await page.request.get(`/api/models/${id}`)).json();
  const other = await page.request.patch(`/api/models/${id}`, {
    data: { version: current.version, description: "Changed by someone else" },
    headers: { origin: baseURL! },
  });
  expect(other.status()).toBe(200);

  await page.getByLabel("Description").fill("My edit");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Someone else changed this model" })).toBeVisible();
  await page.getByRole("button", { name: "Reload latest version" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Changed by someone else");
  await page.getByLabel("Description").fill("My edit, on the latest version");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("My edit, on the latest version")).toBeVisible();
});

test("import two fine-tuning jobs from the simulator, skipping the registered one", async ({ page, signedIn: _ }) => {
  await page.getByRole("link", { name: "Import" }).click();
  const jobs = page.getByRole("region", { name: "From OpenAI fine-tuning jobs" });
  await jobs.getByRole("button", { name: "Use the built-in simulator" }).click();
  await jobs.getByRole("button", { name: "List fine-tuning jobs" }).click();
  await expect(jobs.getByText("Registered as support-bot-v3")).toBeVisible();
  await jobs.getByLabel("Select ft:gpt-4o-mini-2024-07-18:acme:triage:Ck2mP8sQ").check();
  await jobs.getByLabel("Select ft:gpt-4.1-mini-2025-04-14:acme:sql-assistant:BqR7nW3e").check();
  await jobs.getByRole("button", { name: "Register 2 selected" }).click();
  await expect(jobs.getByText("Registered 2 models.")).toBeVisible();
  await expect(jobs.getByText("Registered as triage")).toBeVisible();

  const models = new ModelsPage(page);
  await models.gotoList();
  await expect(models.row("triage")).toContainText("gpt-4o-mini-2024-07-18");
  await expect(models.row("sql-assistant")).toContainText("fine-tuned");
});

test("discover LoRA adapters from the simulator's /v1/models and register one", async ({ page, signedIn: _ }) => {
  await page.goto("/models/import");
  const discover = page.getByRole("region", { name: "Discover from a server's /v1/models" });
  await discover.getByRole("button", { name: "Use the built-in simulator" }).click();
  await discover.getByRole("button", { name: "Discover models" }).click();
  const list = discover.getByRole("list", { name: "Discovered models" });
  await expect(list.getByRole("listitem").filter({ hasText: "tb-sim-8b-sql-lora" })).toContainText("of tb-sim-8b");
  await list.getByLabel("Select tb-sim-8b-sql-lora").check();
  await discover.getByRole("button", { name: "Register 1 selected" }).click();
  await expect(discover.getByText("Registered 1 model.")).toBeVisible();

  const models = new ModelsPage(page);
  await models.gotoList();
  await models.search("tb-sim-8b-sql-lora");
  const row = models.row("tb-sim-8b-sql-lora");
  await expect(row).toContainText("vLLM");
  await row.getByRole("button", { name: "Test connection of tb-sim-8b-sql-lora" }).click();
  await expect(row.getByText(/OK · \d+ ms/)).toBeVisible();
});

test("edit a credential: rename it and rotate its key; an edit over someone else's is refused with a reload", async ({ page, request, signedIn: _ }) => {
  const headers = { authorization: `Bearer ${E2E_MASTER_KEY}` };
  const created = await request.post("/api/credentials", { headers, data: { name: "team-openai", provider: "openai", apiKey: "sk-first-key-1111" } });
  expect(created.status()).toBe(201);
  const cred = (await created.json()) as { id: string; version: number };

  await page.goto("/models/credentials");
  const table = page.getByRole("table");
  await expect(table.getByRole("row").filter({ hasText: "team-openai" })).toContainText("••••1111");
  await page.getByRole("button", { name: "Edit credential team-openai" }).click();
  const form = page.getByRole("form", { name: "Edit team-openai" });
  await form.getByLabel("Credential name").fill("team-openai-prod");
  await form.getByLabel("New key").fill("sk-rotated-key-2222");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form).toBeHidden();
  await expect(table.getByRole("row").filter({ hasText: "team-openai-prod" })).toContainText("••••2222");
  expect(await page.content()).not.toContain("sk-rotated");

  // Someone else edits it while this form is open: saving is refused, and reloading shows their version.
  await page.getByRole("button", { name: "Edit credential team-openai-prod" }).click();
  const again = page.getByRole("form", { name: "Edit team-openai-prod" });
  const other = await request.patch(`/api/credentials/${cred.id}`, { headers, data: { version: cred.version + 1, apiBase: "https://proxy.example.com/v1" } });
  expect(other.status()).toBe(200);
  await again.getByLabel("Credential name").fill("mine");
  await again.getByRole("button", { name: "Save changes" }).click();
  await expect(again.getByRole("alert")).toContainText("Someone changed this credential since you opened it");
  await again.getByRole("button", { name: "Reload latest version" }).click();
  await expect(again.getByLabel("API base (optional)")).toHaveValue("https://proxy.example.com/v1");
  await expect(again.getByLabel("Credential name")).toHaveValue("team-openai-prod");
});

test("stored custom headers can be removed from the edit form", async ({ page, request, signedIn: _ }) => {
  const headers = { authorization: `Bearer ${E2E_MASTER_KEY}` };
  const created = await request.post("/api/models", { headers, data: { name: "with-headers", model: "tb-sim-8b", provider: "simulator", headers: { "X-Org": "acme" } } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto(`/models/${id}`);
  const deployment = page.getByRole("region", { name: "Deployment" });
  await expect(deployment).toContainText("X-Org");
  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByText("Stored (values hidden): X-Org.")).toBeVisible();
  await page.getByLabel("Remove the stored headers").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("heading", { name: "with-headers" })).toBeVisible();
  await expect(deployment).not.toContainText("X-Org");
  expect(((await (await request.get(`/api/models/${id}`, { headers })).json()) as { headerNames: string[] }).headerNames).toEqual([]);
});
