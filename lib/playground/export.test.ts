import { describe, expect, it } from "vitest";
import { parseCsv } from "./batch-parse";
import { csvCell, runsToCsv } from "./export";
import type { PublicRun } from "./types";

const run: PublicRun = {
  id: "r1",
  title: null,
  systemPrompt: "",
  messages: [{ role: "user", content: 'Say "hi",\nplease' }],
  variables: {},
  voteColumn: 1,
  batchId: null,
  promptIndex: null,
  version: 1,
  createdAt: "2026-01-01T00:00:00.000Z",
  verdicts: [],
  results: [0, 1].map((column) => ({
    column,
    target: { type: "model" as const, name: `m${column}` },
    params: { temperature: 0.2 },
    output: column ? "=SUM(A1)" : "hello, world",
    status: "done" as const,
    error: null,
    metrics: { ttftMs: 10, latencyMs: 100, tokensIn: 5, tokensOut: 7, tokensPerSecond: 77.8, costUsd: 0.0001 },
    servedBy: null,
    trace: null,
  })),
};

describe("runsToCsv", () => {
  it("writes one row per column that round-trips through a CSV parser", () => {
    const rows = parseCsv(runsToCsv([run]));
    expect(rows).toHaveLength(3);
    const header = rows[0];
    const get = (row: string[], name: string) => row[header.indexOf(name)];
    expect(get(rows[1], "prompt")).toBe('Say "hi",\nplease');
    expect(get(rows[1], "output")).toBe("hello, world");
    expect(get(rows[1], "winner")).toBe("no");
    expect(get(rows[2], "winner")).toBe("yes");
    expect(get(rows[2], "params")).toBe('{"temperature":0.2}');
  });

  it("defuses spreadsheet formulas", () => {
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
    expect(csvCell(null)).toBe("");
  });
});
