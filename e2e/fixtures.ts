import { test as base } from "@playwright/test";
import { SignInPage } from "./pages/sign-in-page";

/** `signedIn`: a page already signed in with the master key, starting on /models. */
export const test = base.extend<{ signInPage: SignInPage; signedIn: void }>({
  signInPage: async ({ page }, use) => {
    await use(new SignInPage(page));
  },
  signedIn: async ({ page, signInPage }, use) => {
    await page.goto("/models");
    await signInPage.signIn();
    await page.waitForURL("**/models");
    await use();
  },
});

export { expect } from "@playwright/test";
