import { expect, type Page } from "@playwright/test";
import { E2E_MASTER_KEY } from "@/playwright.config";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/signin");
  }

  async signIn(key = E2E_MASTER_KEY) {
    await this.page.getByLabel("Master key").fill(key);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async expectVisible() {
    await expect(this.page.getByRole("heading", { name: "Sign in to Tunebench" })).toBeVisible();
  }
}
