import { expect, type Locator, type Page } from "@playwright/test";

/** A routing group's shadow traffic, live comparison and guarded rollout, as a user sees them on the group page. */
export class ShadowPage {
  constructor(private readonly page: Page) {}

  async goto(groupId: string, groupName: string) {
    await this.page.goto(`/groups/${groupId}`);
    await expect(this.page.getByRole("heading", { name: groupName, exact: true })).toBeVisible();
  }

  get shadow(): Locator {
    return this.page.getByRole("region", { name: "Shadow traffic" });
  }

  get comparison(): Locator {
    return this.page.getByRole("region", { name: "Live comparison" });
  }

  get rollout(): Locator {
    return this.page.getByRole("region", { name: "Guarded rollout" });
  }

  async addCandidate(model: string, sampleRate: number) {
    await this.shadow.getByLabel("Add a shadow candidate").selectOption({ label: model });
    await this.shadow.getByRole("button", { name: "Add candidate" }).click();
    await this.shadow.getByLabel(`Sample rate (%) for ${model}`).fill(String(sampleRate));
    await this.shadow.getByRole("button", { name: "Save shadow settings" }).click();
    await expect(this.shadow.getByRole("status")).toContainText("Saved");
  }

  candidate(model: string): Locator {
    return this.comparison.getByRole("article", { name: `Comparison for ${model}` });
  }

  /** The candidate's figure for one metric row ("Error rate", "Latency p50", …). */
  metric(model: string, row: string, side: "Production" | "Candidate"): Locator {
    const r = this.candidate(model).getByRole("row", { name: new RegExp(`^${row}`) });
    return r.getByRole("cell").nth(side === "Production" ? 0 : 1);
  }

  async startRollout(opts: { model: string; steps: string; holdSeconds: number; maxErrorRatePercent: number; minRequests: number }) {
    const r = this.rollout;
    await r.getByLabel("Candidate").selectOption({ label: opts.model });
    await r.getByLabel("Steps (% of traffic)").fill(opts.steps);
    await r.getByLabel("Hold each (seconds)").fill(String(opts.holdSeconds));
    await r.getByLabel("Max error rate (%)").fill(String(opts.maxErrorRatePercent));
    await r.getByLabel("Guards need (requests)").fill(String(opts.minRequests));
    await r.getByRole("button", { name: "Start rollout" }).click();
  }

  get rolloutStatus(): Locator {
    return this.rollout.getByRole("status");
  }
}
