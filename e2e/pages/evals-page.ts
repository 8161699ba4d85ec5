import { expect, type Locator, type Page } from "@playwright/test";

// Datasets and eval runs as a user sees them: forms by their labels, the report by its regions.

export class EvalsPage {
  constructor(private readonly page: Page) {}

  async gotoDatasets() {
    await this.page.goto("/evals/datasets");
    await expect(this.page.getByRole("heading", { name: "Datasets", exact: true })).toBeVisible();
  }

  async importJsonl(name: string, fileName: string, content: string) {
    const form = this.page.getByRole("form", { name: "Import a dataset" });
    await form.getByLabel("Dataset file").setInputFiles({ name: fileName, mimeType: "application/jsonl", buffer: Buffer.from(content) });
    await form.getByLabel("Dataset name").fill(name);
    await form.getByRole("button", { name: "Import dataset" }).click();
  }

  importStatus(): Locator {
    return this.page.getByRole("form", { name: "Import a dataset" }).getByRole("status");
  }

  importError(): Locator {
    return this.page.getByRole("form", { name: "Import a dataset" }).getByRole("alert");
  }

  async gotoRuns() {
    await this.page.goto("/evals");
    await expect(this.page.getByRole("heading", { name: "Evaluations", exact: true })).toBeVisible();
  }

  async startRun(opts: { name: string; dataset: RegExp; targets: string[]; judge?: string }) {
    const form = this.page.getByRole("form", { name: "New eval run" });
    await form.getByLabel("Run name").fill(opts.name);
    await form.getByLabel("Dataset").selectOption({ label: (await this.optionLabel(form.getByLabel("Dataset"), opts.dataset)) });
    for (const [i, t] of opts.targets.entries()) {
      const label = i === 0 ? "Target 1 (baseline)" : `Target ${i + 1}`;
      if (!(await form.getByLabel(label, { exact: true }).count())) await form.getByRole("button", { name: "+ Add target" }).click();
      await form.getByLabel(label, { exact: true }).selectOption({ label: t });
    }
    if (opts.judge) {
      await form.getByLabel(/Judge each target against the baseline/).check();
      await form.getByLabel("Judge model").selectOption({ label: opts.judge });
    }
    await form.getByRole("button", { name: "Start eval run" }).click();
    await expect(this.page).toHaveURL(/\/evals\/\w+$/);
  }

  private async optionLabel(select: Locator, pattern: RegExp): Promise<string> {
    await expect(select.locator("option").filter({ hasText: pattern })).toHaveCount(1);
    const labels = await select.locator("option").allTextContents();
    const found = labels.find((l) => pattern.test(l));
    if (!found) throw new Error(`No option matching ${pattern} in ${labels.join(", ")}`);
    return found;
  }

  runLink(name: string): Locator {
    return this.page.getByRole("list", { name: "Eval runs" }).getByRole("link", { name });
  }

  status(): Locator {
    return this.page.getByTestId("eval-status");
  }

  verdict(target: string): Locator {
    return this.page.getByRole("region", { name: `Verdict for ${target}` });
  }
}
