import { expect, it } from "vitest";
import { apiRequest, useTestDb } from "@/test/db";
import { GET } from "./route";

useTestDb();

it("reports liveness and the database without authentication", async () => {
  const res = await GET(apiRequest("/api/health", { auth: "none" }));
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.ok).toBe(true);
  expect(body.database.ok).toBe(true);
});
