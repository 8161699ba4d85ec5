// GET /v1/models — the simulator's base models and LoRA adapters, in vLLM's list shape (`root`, `parent`).
import { contextWindowFor } from "./completion";

const CREATED = 1_735_689_600; // 2025-01-01T00:00:00Z: fixed so listings are stable

interface ModelSpec {
  id: string;
  /** Base model id for a LoRA adapter. */
  parent?: string;
}

const MODELS: readonly ModelSpec[] = [
  { id: "tb-sim-8b" },
  { id: "tb-sim-70b" },
  { id: "tb-sim-8b-support-lora", parent: "tb-sim-8b" },
  { id: "tb-sim-8b-sql-lora", parent: "tb-sim-8b" },
  { id: "tb-sim-70b-support-lora", parent: "tb-sim-70b" },
];

export const SIMULATOR_MODEL_IDS: readonly string[] = MODELS.map((m) => m.id);

export function listModels() {
  return {
    object: "list",
    data: MODELS.map((m) => ({
      id: m.id,
      object: "model",
      created: CREATED,
      owned_by: "tunebench-simulator",
      // vLLM reports a LoRA adapter's path as its root and the base model as its parent.
      root: m.parent ? `/adapters/${m.id}` : m.id,
      parent: m.parent ?? null,
      max_model_len: contextWindowFor(m.id),
      permission: [],
    })),
  };
}
