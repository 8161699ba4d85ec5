import { expect, type Locator, type Page } from "@playwright/test";

export class KeysPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/keys");
    await expect(this.page.getByRole("heading", { name: "Keys & usage", exact: true })).toBeVisible();
  }

  /** Creates a key and returns the secret shown once. */
  async createKey(name: string, opts: { allowed?: string[]; logPrompts?: boolean } = {}): Promise<string> {
    await this.page.getByRole("button", { name: "Create key" }).first().click();
    const dialog = this.page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Name").fill(name);
    if (opts.allowed) {
      await dialog.getByLabel("Only the ones I pick").check();
      for (const n of opts.allowed) await dialog.getByLabel(n, { exact: true }).check();
    }
    if (opts.logPrompts) await dialog.getByLabel(/Keep prompt and response bodies/).check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const shown = this.page.getByRole("dialog", { name: "Copy your new key" });
    const key = await shown.getByRole("textbox", { name: "API key" }).inputValue();
    await shown.getByRole("button", { name: "Done" }).click();
    await expect(shown).toBeHidden();
    return key;
  }

  row(name: string): Locator {
    return this.page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: name });
  }

  async revoke(name: string) {
    await this.row(name).getByRole("button", { name: `Revoke ${name}` }).click();
    await this.page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(this.row(name).getByText("revoked")).toBeVisible();
  }

  async openTab(name: "Keys" | "Usage" | "Request log") {
    await this.page.getByRole("tab", { name }).click();
  }
}
