// What an import of a LiteLLM config.yaml reports back: what was created, skipped (already there) and rejected, and why.

export interface ImportIssue {
  /** "config" for a problem with the file itself. */
  kind: "config" | "model" | "group";
  name: string;
  reason: string;
  /** Where in the YAML, when known (1-based). */
  line?: number;
  /** The YAML path, e.g. model_list.2.litellm_params.model */
  field?: string;
}

export interface LiteLlmImportResult {
  created: { models: Array<{ name: string; model: string; provider: string }>; groups: Array<{ id: string; name: string; members: number }> };
  skipped: ImportIssue[];
  rejected: ImportIssue[];
}
