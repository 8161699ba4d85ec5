import type { Metadata } from "next";
import { CredentialManager } from "@/components/credentials/credential-manager";
import { PageHeader } from "@/components/ui/states";

export const metadata: Metadata = { title: "Credentials" };

export default function CredentialsPage() {
  return (
    <>
      <PageHeader title="Credentials" description="Named provider keys that several models can share. Encrypted at rest; only the last 4 characters are ever shown." />
      <CredentialManager />
    </>
  );
}
