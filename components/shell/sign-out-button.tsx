"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/query/fetcher";

export function SignOutButton() {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    try {
      await apiFetch("/api/auth/signout", { method: "POST" });
    } finally {
      qc.clear();
      window.location.assign("/signin");
    }
  }
  return (
    <Button variant="ghost" size="sm" onClick={signOut} disabled={busy}>
      Sign out
    </Button>
  );
}
