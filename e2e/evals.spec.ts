import { expect, test } from "./fixtures";
import { EvalsPage } from "./pages/evals-page";

// The journey of issue #15: import a dataset, run it on the server against the seeded base and its fine-tune,
// close the page while it runs, come back, and read the win rate with its interval and the significance verdict.

const QUESTIONS = [
  ["How do I reset my password?", "Open Settings, choose Security, then Reset password and follow the email link."],
  ["Can I get a refund after 30 days?", "Refunds are available within 30 days; after that, contact support for store credit."],
  ["Where do I find my invoice?", "Invoices are under Billing, then History; each one downloads as a PDF."],
  ["How do I add a teammate to my workspace?", "Go to Members, choose Invite, and enter your teammate's email address."],
  ["Why was my card declined?", "Cards are declined for an expired date, a wrong CVC or the bank's fraud checks; try again or use another card."],
  ["How do I export my data?", "Settings, then Data, then Export: a ZIP file arrives by email within an hour."],
  ["Can I change my plan mid-cycle?", "Yes; upgrades apply at once and are prorated, downgrades apply at the next renewal."],
  ["How do I delete my account?", "Settings, then Account, then Delete account; this removes your data after 30 days."],
];

/** OpenAI fine-tuning format: the assistant's answer becomes each case's reference. */
const FINE_TUNING_JSONL = QUESTIONS.map(([q, a]) =>
  JSON.stringify({ messages: [{ role: "system", content: "You are Acme's support assistant." }, { role: "user", content: q }, { role: "assistant", content: a }] }),
).join("\n");

test.describe("Evaluations", () => {
  test.beforeEach(async ({ signedIn: _ }) => {});

  test("imports a dataset, runs base vs fine-tune on the server, and reports a win rate with its CI and a verdict", async ({ page, context }) => {
    test.setTimeout(90_000);
    const evals = new EvalsPage(page);
    // Batches became eval runs: an old link lands on them.
    await page.goto("/playground/batches");
    await expect(page).toHaveURL(/\/evals$/);
    await evals.gotoDatasets();
    await expect(page.getByText("No datasets yet")).toBeVisible();

    // A file with a bad row is refused whole, naming the line and field.
    await evals.importJsonl("Broken", "broken.jsonl", `${FINE_TUNING_JSONL.split("\n")[0]}\n{"messages": [{"role": "robot", "content": "hi"}]}`);
    await expect(evals.importError()).toContainText("Line 2, messages.0.role");
    await expect(page.getByText("No datasets yet")).toBeVisible();

    await evals.importJsonl("Support held-out", "support.jsonl", FINE_TUNING_JSONL);
    await expect(evals.importStatus()).toHaveText("Imported Support held-out (8 cases).");
    await expect(page.getByRole("link", { name: "Support held-out", exact: true })).toBeVisible();

    await evals.gotoRuns();
    await evals.startRun({ name: "Support FT vs base", dataset: /^Support held-out/, targets: ["sim-8b-base", "sim-8b-support-ft"], judge: "sim-8b-base" });
    await expect(page.getByRole("progressbar", { name: "Eval progress" })).toBeVisible();

    // Close the page while the run goes on; the server carries on without it.
    await page.close();
    const back = await context.newPage();
    const again = new EvalsPage(back);
    await again.gotoRuns();
    await again.runLink("Support FT vs base").click();
    await expect(again.status()).toHaveText("done", { timeout: 60_000 });
    await expect(back.getByText("16/16 answers · 16/16 judge calls")).toBeVisible();

    const verdict = again.verdict("sim-8b-support-ft");
    await expect(verdict).toContainText(/\d+\.\d% win rate/);
    await expect(verdict).toContainText(/95% CI \d+\.\d% – \d+\.\d% \(Wilson\)/);
    await expect(verdict).toContainText(/by the LLM judge \(both orders\)/);
    await expect(verdict).toContainText(/(is significantly (better|worse) than|No significant difference between sim-8b-support-ft and) sim-8b-base/);
    await expect(verdict).toContainText("Sign test (exact binomial, two-sided, ties dropped)");

    const report = back.getByRole("table", { name: "Report per target" });
    await expect(report.getByRole("row", { name: /sim-8b-base \(baseline\)/ })).toBeVisible();
    await expect(report.getByRole("columnheader", { name: /Pass: Token F1 vs reference/ })).toBeVisible();
    await expect(back.getByRole("img", { name: /Win rates: sim-8b-support-ft/ })).toBeVisible();
  });
});
