import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { E2E_MASTER_KEY } from "@/playwright.config";

/** The routing-group pages as a user sees them. */
export class GroupsPage {
  constructor(private readonly page: Page) {}

  async gotoList() {
    await this.page.goto("/groups");
    await expect(this.page.getByRole("heading", { name: "Routing groups", exact: true })).toBeVisible();
  }

  async gotoNew() {
    await this.page.goto("/groups/new");
    await expect(this.page.getByRole("heading", { name: "New routing group" })).toBeVisible();
  }

  async addMember(modelLabel: string) {
    await this.page.getByLabel("Add a registered model").selectOption({ label: modelLabel });
    await this.page.getByRole("button", { name: "Add member" }).click();
  }

  member(name: string): Locator {
    return this.page.getByRole("listitem", { name: `Member ${name}` });
  }

  async addFallback(list: "fallback groups" | "context-window fallbacks" | "content-policy fallbacks", group: string) {
    await this.page.getByRole("combobox", { name: `Group to add to ${list}`, exact: true }).selectOption(group);
    await this.page.getByRole("button", { name: `Add to ${list}`, exact: true }).click();
  }

  async setCanaryPercent(percent: number) {
    await this.page.getByLabel("Fine-tune share in percent").fill(String(percent));
  }

  get testPanel(): Locator {
    return this.page.getByRole("region", { name: "Test panel" });
  }

  get health(): Locator {
    return this.page.getByRole("table", { name: "Member health" });
  }

  memberHealth(name: string): Locator {
    return this.health.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name, exact: true }) });
  }

  async send(prompt: string, count = 1) {
    await this.testPanel.getByLabel("Prompt").fill(prompt);
    await this.testPanel.getByLabel("Send at once").fill(String(count));
    await this.testPanel.getByRole("button", { name: "Send", exact: true }).click();
  }

  row(name: string): Locator {
    return this.page.getByRole("table", { name: "Routing groups" }).getByRole("row").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
}

/** Setup through the API with the master key, for what the test is not about. */
export class Api {
  constructor(private readonly request: APIRequestContext) {}

  private headers = { authorization: `Bearer ${E2E_MASTER_KEY}` };

  async post<T>(path: string, data: unknown): Promise<T> {
    const res = await this.request.post(path, { headers: this.headers, data });
    expect(res.status(), await res.text()).toBeLessThan(300);
    return res.json();
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.request.get(path, { headers: this.headers });
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  }

  async put<T>(path: string, data: unknown): Promise<T> {
    const res = await this.request.put(path, { headers: this.headers, data });
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  }

  async delete(path: string) {
    const res = await this.request.delete(path, { headers: this.headers });
    expect(res.status(), await res.text()).toBeLessThan(300);
  }

  async text(path: string): Promise<string> {
    const res = await this.request.get(path, { headers: this.headers });
    expect(res.status()).toBe(200);
    return res.text();
  }

  async model(name: string): Promise<{ id: string; version: number }> {
    const res = await this.request.get(`/api/models?q=${encodeURIComponent(name)}`, { headers: this.headers });
    const page = (await res.json()) as { items: Array<{ id: string; name: string; version: number }> };
    const m = page.items.find((x) => x.name === name);
    if (!m) throw new Error(`no model ${name}`);
    return m;
  }

  /** Makes a simulator model fail (or recover) the way PATCH /api/models does it. */
  async setFailure(name: string, failure: "server_error" | "none") {
    const m = await this.model(name);
    const res = await this.request.patch(`/api/models/${m.id}`, { headers: this.headers, data: { version: m.version, simulator: { failure, latencyMs: 20 } } });
    expect(res.status(), await res.text()).toBe(200);
  }

  async group(name: string): Promise<{ id: string; version: number }> {
    const res = await this.request.get(`/api/groups?q=${encodeURIComponent(name)}`, { headers: this.headers });
    const g = ((await res.json()) as { items: Array<{ id: string; name: string; version: number }> }).items.find((x) => x.name === name);
    if (!g) throw new Error(`no group ${name}`);
    return g;
  }

  async patchGroup(name: string, data: Record<string, unknown>) {
    const g = await this.group(name);
    const res = await this.request.patch(`/api/groups/${g.id}`, { headers: this.headers, data: { version: g.version, ...data } });
    expect(res.status(), await res.text()).toBe(200);
  }
}
