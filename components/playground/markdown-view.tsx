"use client";
import DOMPurify from "dompurify";
import { marked } from "marked";
import { useMemo } from "react";

// Model output as Markdown, sanitised: a model's answer is untrusted HTML.
export function MarkdownView({ text }: { text: string }) {
  const html = useMemo(() => {
    if (typeof window === "undefined") return "";
    return DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true, breaks: true }));
  }, [text]);
  return (
    <div
      className="prose-sm max-w-none space-y-2 text-sm leading-relaxed break-words [&_a]:text-indigo-600 [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 dark:[&_code]:bg-zinc-800 [&_li]:ml-4 [&_ol]:list-decimal [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-100 [&_pre]:p-2 dark:[&_pre]:bg-zinc-800 [&_ul]:list-disc"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
