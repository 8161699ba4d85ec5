import { PROVIDER_IDS, PROVIDER_LABELS, type ProviderId } from "@/lib/models/providers";

/** A provider's name as people know it; an id this build does not know stays as it is. */
export const providerLabel = (id: string): string => PROVIDER_LABELS[id as ProviderId] ?? id;

/** One option per provider, for a provider select. */
export function ProviderOptions() {
  return PROVIDER_IDS.map((p) => (
    <option key={p} value={p}>
      {PROVIDER_LABELS[p]}
    </option>
  ));
}
