import { expect, type Page } from "@playwright/test";

/** The models pages, driven by role and label like a user. */
export class ModelsPage {
  constructor(private readonly page: Page) {}

  async gotoList() {
    await this.page.goto("/models");
    await expect(this.page.getByRole("heading", { name: "Models", exact: true })).toBeVisible();
  }

  async startRegistering() {
    await this.gotoList();
    await this.page.getByRole("link", { name: "Register model" }).click();
    await expect(this.page.getByRole("heading", { name: "Register a model" })).toBeVisible();
  }

  form() {
    return this.page.getByRole("form");
  }

  async fillModelId(id: string) {
    await this.page.getByLabel("Model id").fill(id);
  }

  detection() {
    return this.page.getByTestId("detection");
  }

  async useSimulatorApiBase() {
    await this.page.getByRole("button", { name: "Use built-in simulator" }).click();
  }

  async useInlineKey(key: string) {
    await this.page.getByLabel("Key source").selectOption({ label: "API key" });
    await this.page.getByLabel("API key", { exact: true }).fill(key);
  }

  testResult() {
    return this.page.getByRole("status", { name: /connection test/i });
  }

  fieldError(text: string | RegExp) {
    return this.page.getByRole("alert").filter({ hasText: text });
  }

  row(name: string) {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }

  /** True when the labelled controls share one row (their tops line up). */
  async onOneRow(labels: string[]): Promise<boolean> {
    const tops = await Promise.all(labels.map(async (l) => (await this.page.getByLabel(l, { exact: true }).boundingBox())!.y));
    return tops.every((t) => Math.abs(t - tops[0]) < 2);
  }

  async search(text: string) {
    await this.page.getByLabel("Search").fill(text);
  }
}
