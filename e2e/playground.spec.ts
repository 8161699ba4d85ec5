import { expect, test } from "./fixtures";
import { ModelsPage } from "./pages/models-page";
import { PlaygroundPage } from "./pages/playground-page";

test.describe("Playground", () => {
  test.beforeEach(async ({ signedIn: _ }) => {});

  test("compares a base model, its fine-tune and a group with streamed answers and metrics; vote, history, reopen", async ({ page }) => {
    const pg = new PlaygroundPage(page);
    await pg.goto();
    await pg.setColumnCount(3);
    await pg.pick(1, "sim-8b-base");
    await pg.pick(2, "sim-8b-support-ft (fine-tune)");
    await pg.pick(3, "support-assistant (group)");
    await pg.writePrompt("How do I reset my password for the billing portal?");
    await pg.run();

    for (const c of [1, 2, 3]) {
      await pg.expectDone(c);
      await expect(pg.output(c)).not.toHaveText(/Waiting|No output/);
      await expect(pg.metric(c, "TTFT")).toHaveText(/\d+ ms|\d\.\d+ s/);
      await expect(pg.metric(c, "Latency")).toHaveText(/\d+ ms|\d\.\d+ s/);
      await expect(pg.metric(c, "Tokens out")).toHaveText(/^\d+$/);
      await expect(pg.metric(c, "Cost")).toHaveText(/\$/);
    }
    await expect(pg.answer(3)).toContainText(/Served by sim-8b-(base|support-ft)/);

    await pg.vote(/^2\. sim-8b-support-ft$/);
    await page.getByRole("link", { name: "History" }).click();
    const entry = page.getByRole("link", { name: /reset my password for the billing portal/ }).first();
    await expect(entry).toBeVisible();
    await expect(page.getByText("Winner: sim-8b-support-ft").first()).toBeVisible();
    await entry.click();
    await expect(page).toHaveURL(/\/playground\/runs\/\w+/);
    await expect(page.getByRole("region", { name: "Column 1: sim-8b-base" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Column 3: support-assistant" })).toContainText("Served by");
    await expect(page.getByRole("group", { name: "Vote for the best answer" }).getByRole("button", { name: "2. sim-8b-support-ft" })).toHaveAttribute("aria-pressed", "true");

    // The stable link reloads, and reopening fills the composer with the same columns and prompt.
    await page.reload();
    await expect(page.getByRole("region", { name: "Column 2: sim-8b-support-ft" })).toBeVisible();
    await page.getByRole("link", { name: "Open in composer" }).click();
    await expect(page.getByLabel("Prompt", { exact: true })).toHaveValue("How do I reset my password for the billing portal?");
    await expect(page.getByLabel("Column 3 model")).toHaveValue("group:support-assistant");
  });

  test("stops a slow column while the others finish", async ({ page }) => {
    const pg = new PlaygroundPage(page);
    await pg.registerSimulatorModel("e2e-slow-sim", { ttftMs: 200, tokensPerSecond: 5 });
    await pg.goto();
    await pg.setColumnCount(3);
    await pg.pick(1, "sim-8b-base");
    await pg.pick(2, "e2e-slow-sim");
    await pg.pick(3, "sim-8b-support-ft (fine-tune)");
    await pg.writePrompt("Explain how refunds work for annual plans.");
    await page.getByLabel("Prompt", { exact: true }).press("Control+Enter");

    await expect(pg.answer(2).getByText("Streaming", { exact: true })).toBeVisible();
    await expect(pg.output(2)).not.toHaveText(/Waiting for the first token/);
    await pg.answer(2).getByRole("button", { name: "Stop column 2" }).click();
    await expect(pg.answer(2).getByText("Stopped", { exact: true })).toBeVisible();
    await pg.expectDone(1);
    await pg.expectDone(3);
    // The stopped column is saved as stopped, with its partial output.
    await expect(pg.metric(2, "Latency")).toHaveText(/\d/);
    await expect(pg.answer(2).getByText("Stopped", { exact: true })).toBeVisible();
  });

  test("shows an upstream error inside its column while the others carry on", async ({ page }) => {
    const pg = new PlaygroundPage(page);
    await pg.registerSimulatorModel("e2e-limited-sim", { failure: "rate_limit" });
    await pg.goto();
    await pg.pick(1, "e2e-limited-sim");
    await pg.pick(2, "sim-8b-base");
    await pg.writePrompt("Hello there");
    await pg.run();
    await expect(pg.answer(1).getByRole("alert")).toContainText(/rate limit/i);
    await expect(pg.answer(1).getByRole("alert")).toContainText(/Hint:/);
    await pg.expectDone(2);
  });

  // Behaviour, not a time limit (timing bounds do not belong in the suite on a shared machine): text is painted as it
  // streams, not when the column finishes. By hand it painted 10–55 ms after the first byte (docs/benchmarks.md).
  test("a column's first token is on screen while its stream is still running, with five other columns streaming", async ({ page }) => {
    const pg = new PlaygroundPage(page);
    // Five columns stream from the start; the sixth's first token arrives in the middle of their output. Each
    // stream lasts about 0.6 s: at 0.3 s, a loaded CI machine once painted a column's first text just after its
    // stream had ended, though it paints as it streams (10–55 ms after the first byte when measured by hand).
    for (const n of [1, 2, 3, 4, 5]) await pg.registerSimulatorModel(`e2e-busy-${n}`, { ttftMs: 20, tokensPerSecond: 100 });
    await pg.registerSimulatorModel("e2e-late", { ttftMs: 300, tokensPerSecond: 100 });
    await pg.watchFirstTokens();
    await pg.goto();
    await pg.setColumnCount(6);
    for (const n of [1, 2, 3, 4, 5]) await pg.pick(n, `e2e-busy-${n}`);
    await pg.pick(6, "e2e-late");
    await pg.writePrompt("Explain how to rotate an API key without downtime, step by step.");
    await pg.run();
    for (const c of [1, 2, 3, 4, 5, 6]) await pg.expectDone(c);
    const columns = await pg.firstTokenLags();
    expect(columns).toHaveLength(6);
    for (const { lag, streamMs } of columns) {
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag, `first paint ${lag} ms after the first byte of a ${streamMs} ms stream`).toBeLessThan(streamMs);
    }
  });

  test("a fine-tune registered through the form is compared with its registered base", async ({ page }) => {
    const models = new ModelsPage(page);
    await models.startRegistering();
    await models.fillModelId("ft:gpt-4o-mini-2024-07-18:acme:x:1");
    await expect(models.detection()).toContainText("fine-tune of gpt-4o-mini-2024-07-18");
    await page.getByLabel("Display name").fill("acme-x");
    await page.getByRole("button", { name: "Register model" }).click();
    await expect(page.getByRole("heading", { name: "acme-x" })).toBeVisible();

    // One family, as on the base model's Lineage: the base first, then its fine-tunes.
    const pg = new PlaygroundPage(page);
    await pg.goto();
    await expect(pg.familyOptions(1, "gpt-4o-mini")).toHaveText(["gpt-4o-mini", "acme-x (fine-tune)", "support-bot-v3 (fine-tune)"]);
    await expect(pg.familyOptions(1, "gpt-4o-mini-2024-07-18")).toHaveCount(0);
    await page.getByRole("button", { name: "gpt-4o-mini + 2 more" }).click();
    await expect(pg.columnSelects()).toHaveCount(3);
    await expect(page.getByLabel("Column 1 model")).toHaveValue("model:gpt-4o-mini");
    await expect(page.getByLabel("Column 2 model")).toHaveValue("model:acme-x");
    await expect(page.getByLabel("Column 3 model")).toHaveValue("model:support-bot-v3");
  });
});
