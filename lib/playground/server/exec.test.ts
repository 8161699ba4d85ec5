import { describe, expect, it } from "vitest";
import { buildChatRequest } from "./exec";

describe("buildChatRequest", () => {
  const run = {
    systemPrompt: "You help {{team}}.",
    messages: [
      { role: "user" as const, content: "Hi {{name}}" },
      { role: "assistant" as const, content: "Hello!" },
      { role: "user" as const, content: "Reset {{thing}}" },
    ],
    variables: { team: "support", name: "Ada" },
  };

  it("fills variables, keeps the turns, and maps every parameter", () => {
    const req = buildChatRequest(run, { temperature: 0.3, top_p: 0.9, max_tokens: 64, seed: 7, stop: ["END"], response_format: "json_object" });
    expect(req.messages).toEqual([
      { role: "system", content: "You help support." },
      { role: "user", content: "Hi Ada" },
      { role: "assistant", content: "Hello!" },
      { role: "user", content: "Reset {{thing}}" },
    ]);
    expect(req).toMatchObject({ temperature: 0.3, top_p: 0.9, max_tokens: 64, seed: 7, stop: ["END"], response_format: { type: "json_object" } });
  });

  it("omits an empty system prompt and unset parameters", () => {
    const req = buildChatRequest({ ...run, systemPrompt: "  " }, { response_format: "text", stop: [] });
    expect(req.messages[0].role).toBe("user");
    expect(Object.keys(req)).toEqual(["messages"]);
  });
});
