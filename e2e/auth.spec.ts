import { expect, test } from "./fixtures";

test("signed-out visitors are sent to sign-in, and come back where they were going", async ({ page, signInPage }) => {
  await page.goto("/groups");
  await expect(page).toHaveURL(/\/signin\?next=%2Fgroups/);
  await signInPage.expectVisible();
  await signInPage.signIn();
  await expect(page).toHaveURL(/\/groups$/);
  await expect(page.getByRole("heading", { name: "Routing groups", exact: true })).toBeVisible();
});

test("a wrong master key is refused with a message", async ({ page, signInPage }) => {
  await signInPage.goto();
  await signInPage.signIn("sk-not-the-key");
  await expect(page.getByText("That master key is not correct.")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

test("sign in, see the seeded models, sign out", async ({ page, signInPage, signedIn: _ }) => {
  const table = page.getByRole("table");
  for (const name of ["support-bot-v3", "gpt-4o-mini", "azure-gpt-4o-eastus", "gemini-flash-claims-tuned", "sim-8b-base", "sim-8b-support-ft"]) {
    await expect(table.getByRole("cell", { name, exact: true })).toBeVisible();
  }
  await expect(table.getByTitle("ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm")).toBeVisible();
  await expect(table.getByText("Simulator").first()).toBeVisible();

  const captured = (await page.context().cookies()).filter((c) => c.name === "tb_session");
  expect(captured).toHaveLength(1);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/models");
  await expect(page).toHaveURL(/\/signin\?next=%2Fmodels/);
  const res = await page.request.get("/api/models");
  expect(res.status()).toBe(401);

  // Signing out ended the session itself: a copy of the cookie taken before opens nothing.
  await page.context().addCookies(captured);
  await page.goto("/models");
  await expect(page).toHaveURL(/\/signin\?next=%2Fmodels/);
  await signInPage.expectVisible();
  expect((await page.request.get("/api/models")).status()).toBe(401);
});

test("the sidebar reaches every section, each with a real empty state", async ({ page, signedIn: _ }) => {
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Playground" }).click();
  await expect(page.getByRole("heading", { name: "Playground" })).toBeVisible();
  await nav.getByRole("link", { name: "Keys & usage" }).click();
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText(/Running at http:\/\/127\.0\.0\.1:\d+/)).toBeVisible();
});

test("dark mode toggles and persists", async ({ page, signedIn: _ }) => {
  await page.getByRole("button", { name: "Switch to dark mode" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(page.getByRole("button", { name: "Switch to light mode" })).toBeVisible();
});

test("an unknown dashboard address shows a not-found page inside the dashboard, with a way back", async ({ page, signedIn: _ }) => {
  const res = await page.goto("/modles/whatever");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await page.getByRole("link", { name: "Back to models" }).click();
  await expect(page.getByRole("heading", { name: "Models", exact: true })).toBeVisible();
});
