import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/components/shell/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-8 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mb-6 flex items-center gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src="/icon.svg" alt="" width={28} height={28} />
          <h1 className="text-lg font-semibold">Sign in to Tunebench</h1>
        </div>
        <Suspense>
          <SignInForm />
        </Suspense>
        <p className="mt-6 text-xs text-zinc-500">
          Use the master key from <code>MASTER_KEY</code>, or the one generated in <code>data/master.key</code> on first start.
        </p>
      </div>
    </div>
  );
}
