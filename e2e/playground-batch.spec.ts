import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_MASTER_KEY } from "../playwright.config";
import { selectFitsOptions } from "./pages/layout";

test.describe("Playground batches", () => {
  test.beforeEach(async ({ signedIn: _ }) => {});

  test("runs a batch of five prompts with progress and shows the summary table", async ({ page }) => {
    await page.goto("/playground/batches");
    await expect(page.getByRole("heading", { name: "Batches", exact: true })).toBeVisible();
    await page.getByLabel("Batch name").fill("Five support prompts");
    await page.getByLabel("Column 1 model").selectOption({ label: "sim-8b-base" });
    await page.getByLabel("Column 2 model").selectOption({ label: "sim-8b-support-ft (fine-tune)" });
    await page.getByLabel("Concurrency").fill("2");
    await page
      .getByLabel("Prompts")
      .fill(["How do I reset my password?", "Can I get a refund after 30 days?", "Where is my invoice?", "How do I add a teammate?", "Why was my card declined?"].join("\n"));
    await expect(page.getByText("5 prompts read as one prompt per line")).toBeVisible();
    await page.getByRole("button", { name: "Create and run batch" }).click();

    await expect(page).toHaveURL(/\/playground\/batches\/\w+/);
    const progress = page.getByRole("progressbar", { name: "Batch progress" });
    await expect(progress).toBeVisible();
    await expect(progress).toHaveAttribute("aria-valuenow", "5", { timeout: 30_000 });
    await expect(page.getByText("5 of 5 prompts done")).toBeVisible();

    const results = page.getByRole("table", { name: "Batch results: prompts by column" });
    await expect(results.getByRole("row")).toHaveCount(6);
    await expect(results.getByRole("columnheader", { name: "sim-8b-support-ft" })).toBeVisible();

    const summary = page.getByRole("table", { name: "Summary per model" });
    const base = summary.getByRole("row", { name: /^sim-8b-base/ });
    await expect(base.getByRole("cell").first()).toHaveText("5");
    await expect(base).toContainText("no votes yet");
    // Before any vote the win-rate chart says so, instead of drawing 0% bars.
    const winChart = page.getByRole("figure", { name: /Win rate/ });
    await expect(winChart).toContainText("No votes yet.");
    await expect(winChart.getByRole("img")).toHaveCount(0);

    // Votes feed the win rate with its interval.
    await page.getByLabel("Best answer for prompt 1").selectOption({ label: "sim-8b-support-ft" });
    await expect(page.getByRole("img", { name: /Win rates:/ })).toBeVisible();
    // Another vote updates the bars in place: no animation from zero again.
    const changes = await countAttributeChanges(winChart, async () => {
      await page.getByLabel("Best answer for prompt 2").selectOption({ label: "sim-8b-support-ft" });
      await expect(summary.getByRole("row", { name: /^sim-8b-support-ft/ })).toContainText(/100% \(\d+%–100%\), n=2/);
      await page.waitForTimeout(800);
    });
    expect(changes, "attribute changes in the win-rate chart after a vote").toBeLessThanOrEqual(20);
    await expect(page.getByRole("img", { name: /Win rates:/ })).toBeVisible();
  });

  test("cancels a running batch and resumes it to the end", async ({ page }) => {
    const res = await page.request.post("/api/models", {
      headers: { authorization: `Bearer ${E2E_MASTER_KEY}` },
      data: { name: "e2e-batch-slow-model-with-a-long-name", model: "tb-sim-8b", provider: "simulator", simulator: { ttftMs: 400, tokensPerSecond: 200 } },
    });
    expect(res.status(), await res.text()).toBe(201);
    await page.goto("/playground/batches");
    await page.getByLabel("Batch name").fill("Cancel and resume");
    await page.getByLabel("Column 1 model").selectOption({ label: "e2e-batch-slow-model-with-a-long-name" });
    await page.getByRole("button", { name: "Remove column 2" }).click();
    await page.getByLabel("Concurrency").fill("1");
    await page.getByLabel("Prompts").fill(["one", "two", "three", "four", "five"].map((w) => `Question ${w}`).join("\n"));
    await page.getByRole("button", { name: "Create and run batch" }).click();

    const progress = page.getByRole("progressbar", { name: "Batch progress" });
    await expect(progress).toHaveAttribute("aria-valuenow", /^[1-3]$/, { timeout: 20_000 });
    await page.getByRole("button", { name: "Cancel" }).click();
    const region = page.getByRole("region", { name: "Progress" });
    await expect(region.getByText("cancelled", { exact: true })).toBeVisible();
    const stoppedAt = Number(await progress.getAttribute("aria-valuenow"));
    expect(stoppedAt).toBeLessThan(5);
    await page.waitForTimeout(600);
    await expect(progress).toHaveAttribute("aria-valuenow", String(stoppedAt));

    await page.getByRole("button", { name: "Resume" }).click();
    await expect(progress).toHaveAttribute("aria-valuenow", "5", { timeout: 30_000 });
    await expect(region.getByText("done", { exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "Batch results: prompts by column" }).getByRole("row")).toHaveCount(6);
    // The "Best" picker shows whole names.
    const best = page.getByLabel("Best answer for prompt 1");
    await best.selectOption({ label: "e2e-batch-slow-model-with-a-long-name" });
    expect(await selectFitsOptions(best)).toMatchObject({ fits: true });
  });
});

/** Attribute mutations inside `el` while `action` runs: an animation changes bar shapes on every frame. */
async function countAttributeChanges(el: Locator, action: () => Promise<void>): Promise<number> {
  await el.evaluate((node) => {
    const w = window as unknown as { __attrChanges: number; __attrObserver?: MutationObserver };
    w.__attrChanges = 0;
    w.__attrObserver = new MutationObserver((records) => (w.__attrChanges += records.length));
    w.__attrObserver.observe(node, { subtree: true, attributes: true });
  });
  await action();
  return el.evaluate(() => {
    const w = window as unknown as { __attrChanges: number; __attrObserver?: MutationObserver };
    w.__attrObserver?.disconnect();
    return w.__attrChanges;
  });
}
