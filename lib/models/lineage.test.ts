import { describe, expect, it } from "vitest";
import { lineageIndex, type LineageRow } from "./lineage";

const row = (id: string, modelId: string, kind: "base" | "fine_tuned", baseModel: string | null = null, parentId: string | null = null, provider = "openai"): LineageRow => ({
  id,
  name: id,
  modelId,
  kind,
  baseModel,
  parentId,
  provider,
});

describe("lineageIndex", () => {
  const base = row("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "base", "gpt-4o-mini-2024-07-18");
  const proxyCopy = row("a-copy", "gpt-4o-mini-2024-07-18", "base", null, null, "hosted_vllm");
  const byId = row("acme-x", "ft:gpt-4o-mini-2024-07-18:acme:x:1", "fine_tuned", "gpt-4o-mini-2024-07-18");
  const byParent = row("support", "ft:gpt-4o-mini-2024-07-18:acme:s:2", "fine_tuned", "gpt-4o-mini-2024-07-18", "gpt-4o-mini");
  const checkpoint = row("support-ckpt", "ft:gpt-4o-mini-2024-07-18:acme:s:2:ckpt-step-10", "fine_tuned", "gpt-4o-mini-2024-07-18", "support");
  const orphan = row("orphan", "ft:gpt-4.1-mini-2025-04-14:acme:o:3", "fine_tuned", "gpt-4.1-mini-2025-04-14");
  const index = lineageIndex([base, proxyCopy, byId, byParent, checkpoint, orphan]);

  it("a registered parent wins; otherwise the registered model under the fine-tune's base id", () => {
    expect(index.parentOf(byParent)?.id).toBe("gpt-4o-mini");
    // Two models share the base id: the one on the fine-tune's provider, though "a-copy" sorts first by name.
    expect(index.parentOf(byId)?.id).toBe("gpt-4o-mini");
    const vllmTune = row("vllm-tune", "my-lora", "fine_tuned", "gpt-4o-mini-2024-07-18", null, "hosted_vllm");
    expect(lineageIndex([base, proxyCopy, vllmTune]).parentOf(vllmTune)?.id).toBe("a-copy");
    expect(index.parentOf(orphan)).toBeUndefined();
    expect(index.parentOf(base)).toBeUndefined();
  });

  it("rootOf climbs to the first ancestor with no parent of its own, and stops on a cycle", () => {
    expect(index.rootOf(checkpoint)?.id).toBe("gpt-4o-mini");
    expect(index.rootOf(base)).toBeUndefined();
    const a = row("a", "a", "fine_tuned", null, "b");
    const b = row("b", "b", "fine_tuned", null, "a");
    expect(lineageIndex([a, b]).rootOf(a)?.id).toBe("b");
  });
});
