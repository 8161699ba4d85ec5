import { expect, type Locator, type Page } from "@playwright/test";
import { E2E_MASTER_KEY } from "@/playwright.config";

// The playground as a user sees it: columns picked by label, answers found by their region name.

export class PlaygroundPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/playground");
    await expect(this.page.getByRole("heading", { name: "Playground", exact: true })).toBeVisible();
  }

  async setColumnCount(n: number) {
    while ((await this.columnSelects().count()) > n) await this.page.getByRole("button", { name: /^Remove column \d+$/ }).last().click();
    while ((await this.columnSelects().count()) < n) await this.page.getByRole("button", { name: "+ Add column" }).click();
  }

  columnSelects(): Locator {
    return this.page.getByLabel(/^Column \d+ model$/);
  }

  async pick(column: number, option: string) {
    const select = this.page.getByLabel(`Column ${column} model`);
    await expect(select).toBeEnabled();
    await select.selectOption({ label: option });
  }

  /** The options a column's picker lists under "<family> family". */
  familyOptions(column: number, family: string): Locator {
    return this.page.getByLabel(`Column ${column} model`).locator(`optgroup[label="${family} family"] > option`);
  }

  async writePrompt(text: string) {
    await this.page.getByLabel("Prompt", { exact: true }).fill(text);
  }

  async run() {
    await this.page.getByRole("button", { name: /^Run/ }).click();
  }

  answer(column: number): Locator {
    return this.page.getByRole("region", { name: new RegExp(`^Column ${column}: `) });
  }

  output(column: number): Locator {
    return this.page.getByTestId(`column-${column}-output`);
  }

  metric(column: number, name: string): Locator {
    return this.answer(column).getByRole("term").filter({ hasText: new RegExp(`^${name}$`) }).locator("xpath=following-sibling::dd[1]");
  }

  async expectDone(column: number) {
    await expect(this.answer(column).getByText("Done", { exact: true })).toBeVisible({ timeout: 20_000 });
  }

  async vote(label: RegExp | string) {
    await this.page.getByRole("group", { name: "Vote for the best answer" }).getByRole("button", { name: label }).click();
    await expect(this.page.getByRole("status").filter({ hasText: "Vote saved" })).toBeVisible();
  }

  /**
   * Records, for each column's stream, when its first byte arrived (the server sends the headers with the first
   * token) and when the page first painted that column's text. Call before goto().
   */
  async watchFirstTokens() {
    await this.page.addInitScript(() => {
      const w = window as unknown as { __firstPaint: Record<string, number> };
      w.__firstPaint = {};
      new MutationObserver(() => {
        for (const el of document.querySelectorAll("[data-testid$=-output]")) {
          const id = el.getAttribute("data-testid")!;
          if (id in w.__firstPaint || !el.textContent || /Waiting for the first token|No output/.test(el.textContent)) continue;
          w.__firstPaint[id] = -1;
          // The frame that shows the text has painted once a task after its animation frame runs.
          requestAnimationFrame(() => setTimeout(() => (w.__firstPaint[id] = performance.now()), 0));
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
  }

  /**
   * Per column (1-based order): milliseconds from the first byte of its stream to the first paint of its text,
   * and how long the stream ran from its first byte to its last.
   */
  async firstTokenLags(): Promise<Array<{ lag: number; streamMs: number }>> {
    return this.page.evaluate(() => {
      const painted = (window as unknown as { __firstPaint: Record<string, number> }).__firstPaint;
      const streams = performance
        .getEntriesByType("resource")
        .filter((e): e is PerformanceResourceTiming => /\/columns\/\d+\/stream$/.test(e.name))
        .map((e) => ({ column: Number(/columns\/(\d+)\/stream$/.exec(e.name)![1]) + 1, arrived: e.responseStart, ended: e.responseEnd }));
      return streams
        .sort((a, b) => a.column - b.column)
        .map((s) => ({ lag: Math.round(painted[`column-${s.column}-output`] - s.arrived), streamMs: Math.round(s.ended - s.arrived) }));
    });
  }

  /** Registers a simulator model through the API with the master key (for slow or failing columns). */
  async registerSimulatorModel(name: string, simulator: Record<string, unknown>) {
    const res = await this.page.request.post("/api/models", {
      headers: { authorization: `Bearer ${E2E_MASTER_KEY}` },
      data: { name, model: "tb-sim-8b", provider: "simulator", simulator },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
}
