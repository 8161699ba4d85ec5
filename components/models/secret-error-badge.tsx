import { Badge } from "@/components/ui/badge";

/** A stored key this server cannot decrypt (another ENCRYPTION_KEY, say): a red badge, the reason on hover. */
export function SecretErrorBadge({ error, label, className = "ml-2" }: { error: string | null | undefined; label: string; className?: string }) {
  if (!error) return null;
  return (
    <span title={error} className={className}>
      <Badge tone="red">{label}</Badge>
    </span>
  );
}
