import type { Metadata } from "next";
import { KeysTabs } from "@/components/keys/keys-tabs";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Keys & usage" };

export default function KeysPage() {
  return (
    <>
      <PageHeader
        title="Keys & usage"
        description="Virtual API keys for the OpenAI-compatible gateway, what they cost and how fast they were served."
      />
      <KeysTabs />
    </>
  );
}
