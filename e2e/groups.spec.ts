import { expect, test } from "./fixtures";
import { Api, GroupsPage } from "./pages/groups-page";
import { midWordBreaks } from "./pages/layout";

// Managing routing groups in the browser: the editor, the test panel with its trace, live health with cooldowns.

test("create an 80/20 canary with a fallback; a failing member shows the fallback and its cooldown", async ({ page, request, signedIn: _ }) => {
  const api = new Api(request);
  await api.post("/api/models", { name: "sim-8b-backup", model: "tb-sim-8b", provider: "simulator", simulator: { latencyMs: 20 } });
  await api.post("/api/groups", { name: "backup-pool", members: [{ modelId: "sim-8b-backup" }] });

  const groups = new GroupsPage(page);
  await groups.gotoNew();
  await page.getByLabel("Logical name").fill("canary-e2e");
  await page.getByLabel("Strategy").selectOption("simple-shuffle");
  await expect(page.getByText("Picks a member at random in proportion to its weight")).toBeVisible();
  await groups.addMember("sim-8b-base — Simulator, base");
  await groups.addMember("sim-8b-support-ft — Simulator, fine-tuned");
  await expect(groups.member("sim-8b-base")).toContainText("base");
  await expect(groups.member("sim-8b-support-ft")).toContainText("fine-tuned");

  // The base/fine-tune pair gets a traffic split: 20% to the fine-tune.
  await groups.setCanaryPercent(20);
  await expect(groups.member("sim-8b-base").getByLabel("Share of sim-8b-base")).toHaveText("80%");
  await expect(groups.member("sim-8b-support-ft").getByLabel("Share of sim-8b-support-ft")).toHaveText("20%");
  await expect(groups.member("sim-8b-base").getByLabel("Weight")).toHaveValue("80");

  await groups.addFallback("fallback groups", "backup-pool");
  await expect(page.getByRole("list", { name: "Fallback groups" })).toContainText("backup-pool");
  await page.getByLabel("Allowed fails").fill("1");
  // Short, so the cooldown shows here without leaking into later tests (router state is per model).
  await page.getByLabel("Cooldown (s)").fill("15");
  await page.getByRole("button", { name: "Create group" }).click();

  await expect(page.getByRole("heading", { name: "canary-e2e" })).toBeVisible();
  await expect(groups.health).toContainText("sim-8b-base");

  // Healthy first: several at once spread over both members.
  await groups.send("Hello", 6);
  await expect(groups.testPanel.getByRole("group", { name: "Load spread" })).toContainText("of 6");
  await expect(groups.testPanel.getByRole("group", { name: /^Call \d$/ })).toHaveCount(6);

  // Both members fail: the group's attempts fail, each cools its member down, and the fallback group answers.
  await api.setFailure("sim-8b-base", "server_error");
  await api.setFailure("sim-8b-support-ft", "server_error");
  await groups.send("Hello again");
  const call = groups.testPanel.getByRole("group", { name: "Call 1" });
  await expect(call.getByText("fallback used: backup-pool")).toBeVisible();
  await expect(call.getByText("served by sim-8b-backup")).toBeVisible();
  await expect(call.getByRole("table", { name: "Trace of call 1" })).toContainText("500");
  await expect(call.getByText("cooldown started").first()).toBeVisible();
  await expect(groups.health.getByText(/cooling down · \d+s left/).first()).toBeVisible();

  // The fallback group cannot be deleted while canary-e2e uses it; the error names it.
  await groups.gotoList();
  await groups.row("backup-pool").getByRole("button", { name: "Delete backup-pool" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete group" }).click();
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText('"canary-e2e"');
  await api.setFailure("sim-8b-base", "none");
  await api.setFailure("sim-8b-support-ft", "none");
});

test("a stale save gets a conflict and a prompt to reload", async ({ page, request, signedIn: _ }) => {
  const api = new Api(request);
  const groups = new GroupsPage(page);
  await groups.gotoList();
  await page.getByRole("link", { name: "support-assistant", exact: true }).click();
  await expect(page.getByRole("heading", { name: "support-assistant" })).toBeVisible();
  await page.getByLabel("Description").fill("Edited in the browser");

  await api.patchGroup("support-assistant", { description: "Edited elsewhere" });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Someone else saved" })).toBeVisible();
  await page.getByRole("button", { name: "Reload latest version" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Edited elsewhere");

  await page.getByLabel("Description").fill("Edited in the browser, again");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/Saved \(version \d+\)/)).toBeVisible();
});

test("a cycle is refused and the error says which", async ({ page, request, signedIn: _ }) => {
  const api = new Api(request);
  await api.post("/api/groups", { name: "loop-a", members: [{ modelId: "sim-8b-base" }] });
  await api.post("/api/groups", { name: "loop-b", members: [{ modelId: "sim-8b-base" }], fallbacks: ["loop-a"] });
  const groups = new GroupsPage(page);
  await groups.gotoList();
  await page.getByRole("link", { name: "loop-a", exact: true }).click();
  await groups.addFallback("fallback groups", "loop-b");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Fallback cycle: loop-a → loop-b → loop-a").first()).toBeVisible();
});

test("import a LiteLLM config: a summary of what was created, skipped and rejected; bad YAML names the line", async ({ page, request, signedIn: _ }) => {
  await page.goto("/groups/import");
  await expect(page.getByRole("heading", { name: "Import a LiteLLM config" })).toBeVisible();
  const yaml = page.getByLabel("LiteLLM config (YAML)");

  await yaml.fill("model_list:\n  - model_name: x\n    litellm_params: [oops\n");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: /Invalid LiteLLM config — line \d+/ })).toBeVisible();

  await yaml.fill(`model_list:
  - model_name: imported-canary
    litellm_params: { model: simulator/tb-sim-70b, weight: 9 }
    model_info: { id: sim-70b-imported }
  - model_name: imported-canary
    litellm_params: { model: "simulator/ft:tb-sim-8b:acme:support:sim01", weight: 1, rpm: 120 }
  - model_name: imported-keyed
    litellm_params: { model: simulator/tb-sim-8b-sql-lora, api_key: os.environ/SIM_KEY }
  - model_name: imported-azure
    litellm_params: { model: azure/gpt4o-prod }
router_settings: { routing_strategy: least-busy, num_retries: 1, cooldown_time: 10 }
litellm_settings:
  fallbacks: [{ imported-canary: [imported-keyed] }]
`);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const summary = page.getByRole("region", { name: "Import summary" });
  await expect(summary.getByRole("group", { name: "Created" })).toContainText("2 groups, 2 models");
  await expect(summary.getByRole("group", { name: "Created" })).toContainText("sim-70b-imported");
  await expect(summary.getByRole("group", { name: "Skipped" })).toContainText('already registered as "sim-8b-support-ft"');
  await expect(summary.getByRole("group", { name: "Rejected" })).toContainText("imported-azure");
  await expect(summary.getByRole("group", { name: "Rejected" })).toContainText("Azure needs the resource endpoint");

  // The imported group works, with LiteLLM's settings.
  await summary.getByRole("link", { name: "imported-canary" }).click();
  await expect(page.getByRole("heading", { name: "imported-canary" })).toBeVisible();
  await expect(page.getByLabel("Strategy")).toHaveValue("least-busy");
  await expect(page.getByLabel("Cooldown (s)")).toHaveValue("10");
  await expect(page.getByRole("list", { name: "Fallback groups" })).toContainText("imported-keyed");
  await page.getByRole("region", { name: "Test panel" }).getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByRole("group", { name: "Call 1" }).getByText(/served by sim-/)).toBeVisible();

  // And exports back to the same format.
  const text = await new Api(request).text("/api/groups/export");
  expect(text).toContain("model_name: imported-canary");
  expect(text).toContain("api_key: os.environ/SIM_KEY");
});

test("health checks: turned on in Settings (a stale save is refused), and Check now shows each member's last check", async ({ page, request, signedIn: _ }) => {
  const api = new Api(request);
  await page.goto("/settings");
  const panel = page.getByRole("region", { name: "Background health checks" });
  await expect(panel.getByLabel("Run health checks in the background")).not.toBeChecked();
  await panel.getByLabel("Interval (seconds)").fill("5");
  await panel.getByRole("button", { name: "Save health checks" }).click();
  await expect(panel.getByRole("alert")).toHaveText("At least 10 seconds");
  await panel.getByLabel("Run health checks in the background").check();
  await panel.getByLabel("Interval (seconds)").fill("3600");
  await panel.getByRole("button", { name: "Save health checks" }).click();
  await expect(panel.getByRole("status")).toHaveText("Saved");
  await page.reload();
  await expect(panel.getByLabel("Run health checks in the background")).toBeChecked();
  await expect(panel.getByLabel("Interval (seconds)")).toHaveValue("3600");

  // Someone else turns them off; saving over that is refused, and reloading shows their version.
  const current = await api.get<{ version: number }>("/api/health-checks");
  await api.put("/api/health-checks", { enabled: false, intervalSeconds: 600, version: current.version });
  await panel.getByLabel("Interval (seconds)").fill("1800");
  await panel.getByRole("button", { name: "Save health checks" }).click();
  await expect(panel.getByRole("alert")).toContainText("Someone changed these settings since you loaded them (now off)");
  await panel.getByRole("button", { name: "Reload latest version" }).click();
  await expect(panel.getByLabel("Interval (seconds)")).toHaveValue("600");
  await expect(panel.getByLabel("Run health checks in the background")).not.toBeChecked();

  // Created once background checks are off again: while they were on, the scheduler could have checked them.
  await api.post("/api/models", { name: "hc-ok", model: "tb-sim-8b", provider: "simulator", simulator: { latencyMs: 5 } });
  await api.post("/api/models", { name: "hc-down", model: "tb-sim-8b", provider: "simulator", simulator: { failure: "server_error" } });
  await api.post("/api/groups", { name: "hc-pool", members: [{ modelId: "hc-ok" }, { modelId: "hc-down" }] });
  const groups = new GroupsPage(page);
  await groups.gotoList();
  await page.getByRole("link", { name: "hc-pool", exact: true }).click();
  // Nothing to go on yet: no traffic and no check, and it says so instead of "healthy" beside "not checked".
  await expect(groups.memberHealth("hc-ok")).toContainText("no traffic yet");
  await expect(groups.memberHealth("hc-ok")).not.toContainText(/healthy|not checked/);
  await page.getByRole("region", { name: "Live health" }).getByRole("button", { name: "Check now" }).click();
  await expect(groups.health.getByRole("row").filter({ hasText: "hc-ok" })).toContainText(/check ok · \d+ ms/);
  await expect(groups.health.getByRole("row").filter({ hasText: "hc-down" })).toContainText("check failed · upstream_unavailable");
  // Checks are not traffic: the members' success rates still count no requests.
  await expect(groups.memberHealth("hc-down").getByRole("cell", { name: "0 requests through hc-pool" })).toBeVisible();
});

test("live health counts the group's own traffic, and says so", async ({ page, request, signedIn: _ }) => {
  const api = new Api(request);
  await api.post("/api/models", { name: "hl-member-with-a-rather-long-hyphenated-name", model: "tb-sim-8b", provider: "simulator", simulator: { latencyMs: 5 } });
  const member = await api.model("hl-member-with-a-rather-long-hyphenated-name");
  // Traffic to the same model outside the group: three direct connection tests.
  for (let i = 0; i < 3; i++) await api.post(`/api/models/${member.id}/test`, {});
  await api.post("/api/groups", { name: "hl-group", members: [{ modelId: member.id }] });

  const groups = new GroupsPage(page);
  await groups.gotoList();
  await page.getByRole("link", { name: "hl-group", exact: true }).click();
  const row = groups.memberHealth("hl-member-with-a-rather-long-hyphenated-name");
  await expect(page.getByRole("region", { name: "Live health" })).toContainText("Requests through hl-group in the last 15 min");
  await expect(row.getByRole("cell", { name: "0 requests through hl-group" })).toBeVisible();
  await expect(row).toContainText("no traffic yet");

  await groups.send("Hello");
  await expect(groups.testPanel.getByRole("group", { name: "Call 1" })).toBeVisible();
  await expect(row.getByRole("cell", { name: "1 request through hl-group" })).toBeVisible();
  await expect(row).toContainText("healthy");
  await expect(row).toContainText("100%");
  // The name breaks only after its hyphens, never inside a word.
  expect(await midWordBreaks(row.getByRole("rowheader"))).toEqual([]);
});

test("a refused save says what is wrong in words next to the field, marks it invalid and moves focus there", async ({ page, request, signedIn: _ }) => {
  const api = new Api(request);
  await api.post("/api/groups", { name: "soon-gone", members: [{ modelId: "sim-8b-base" }] });
  await api.post("/api/groups", { name: "err-e2e", members: [{ modelId: "sim-8b-base" }] });
  const groups = new GroupsPage(page);
  await groups.gotoList();
  await page.getByRole("link", { name: "err-e2e", exact: true }).click();
  await expect(page.getByRole("heading", { name: "err-e2e" })).toBeVisible();

  // The picker and its button have names of their own.
  await expect(page.getByRole("combobox", { name: "Add to fallback groups", exact: true })).toHaveCount(0);
  await groups.addFallback("fallback groups", "soon-gone");
  // Deleted elsewhere before this save.
  await api.delete(`/api/groups/${(await api.group("soon-gone")).id}`);
  await page.getByRole("button", { name: "Save changes" }).click();

  const remove = page.getByRole("button", { name: "Remove soon-gone from fallback groups" });
  await expect(remove).toBeFocused();
  await expect(remove).toHaveAttribute("aria-invalid", "true");
  await expect(remove).toHaveAccessibleDescription('Unknown fallback group "soon-gone"');
  await expect(page.getByRole("alert").filter({ hasText: "Not saved: fix the highlighted field." })).toContainText("Fallback groups");
  await expect(page.getByText(/Invalid request body|fallbacks\.0/)).toHaveCount(0);

  // Checked in the browser before sending: an empty name and a zero weight.
  await remove.click();
  await page.getByLabel("Logical name").fill("");
  await groups.member("sim-8b-base").getByLabel("Weight").fill("0");
  await page.getByRole("button", { name: "Save changes" }).click();
  const name = page.getByLabel("Logical name");
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("Name is required");
  const weight = groups.member("sim-8b-base").getByLabel("Weight");
  await expect(weight).toHaveAttribute("aria-invalid", "true");
  await expect(weight).toHaveAccessibleDescription("Weight must be greater than 0");
  const summary = page.getByRole("alert").filter({ hasText: "Not saved: fix the 2 highlighted fields." });
  await expect(summary.getByRole("link")).toHaveText(["Logical name", "Weight of sim-8b-base"]);
  await summary.getByRole("link", { name: "Weight of sim-8b-base" }).click();
  await expect(weight).toBeFocused();
});
