import { describe, expect, it } from "vitest";
import { resolveModel } from "@/lib/completion/resolve-model";
import { describeDetection, distinguishingEnd } from "./describe";

const detect = (id: string, apiBase?: string) => describeDetection(resolveModel(id, { apiBase }), apiBase);

describe("describeDetection", () => {
  it.each([
    ["ft:gpt-4o-mini-2024-07-18:acme:x:1", undefined, "OpenAI fine-tune of gpt-4o-mini-2024-07-18"],
    ["ft:gpt-4o-mini-2024-07-18:acme:x:1:ckpt-step-300", undefined, "OpenAI fine-tune checkpoint (step 300) of gpt-4o-mini-2024-07-18"],
    ["gpt-4o", undefined, "OpenAI model gpt-4o"],
    ["my-lora", "http://gpu-box:8000/v1", "OpenAI model my-lora on the OpenAI-compatible server at gpu-box:8000"],
    ["projects/acme/locations/us-central1/endpoints/123", undefined, "Vertex AI tuned model in acme (us-central1); its base model is not in the id, so enter it below for cost and context window"],
    ["azure/my-deployment", undefined, "Azure OpenAI deployment my-deployment; its base model is not in the id, so enter it below for cost and context window"],
    ["tb-sim-8b-sql-lora", undefined, "Simulator fine-tune of tb-sim-8b"],
  ])("%s (apiBase %s) reads %j", (id, apiBase, words) => {
    expect(detect(id, apiBase)).toBe(words);
  });

  it("never shows the rule's internals", () => {
    expect(detect("ft:gpt-4o-mini-2024-07-18:acme:x:1")).not.toMatch(/rule|'ft:'|apiBase/i);
    expect(detect("my-lora", "http://gpu-box:8000/v1")).not.toMatch(/generic|apiBase/);
  });
});

describe("distinguishingEnd", () => {
  it.each([
    ["ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm", "…support-bot:9KxT2qLm"],
    ["ft:gpt-4o-mini-2024-07-18:acme::9KxT2qLm", "…acme::9KxT2qLm"],
    ["ft:gpt-4o-mini-2024-07-18:acme:support-bot:9KxT2qLm:ckpt-step-88", "…support-bot:9KxT2qLm:ckpt-step-88"],
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18"],
    ["projects/acme-ml/locations/us-central1/endpoints/4977184512743079936", "…endpoints/4977184512743079936"],
    ["a-very-long-model-name-with-no-structure-at-all-0001", "…me-with-no-structure-at-all-0001"],
  ])("%s → %s", (id, end) => {
    expect(distinguishingEnd(id)).toBe(end);
  });
});
