"use client";
import { memo, useEffect, useMemo, useState } from "react";

// Model output as Markdown, sanitised: a model's answer is untrusted HTML. marked and DOMPurify load on
// demand (they are not needed to show a page, and the first token must not wait for them): until they
// have, the text shows as it is.

type Render = (text: string) => string;
let render: Render | null = null;
let loading: Promise<Render> | null = null;

/** Starts loading the renderer (the playground calls it on mount, so it is there before the first answer). */
export function loadMarkdown(): Promise<Render> {
  loading ??= Promise.all([import("marked"), import("dompurify")]).then(([{ marked }, { default: DOMPurify }]) => {
    render = (text) => DOMPurify.sanitize(marked.parse(text, { async: false, gfm: true, breaks: true }));
    return render;
  });
  return loading;
}

const prose =
  "prose-sm max-w-none space-y-2 text-sm leading-relaxed break-words [&_a]:text-indigo-600 [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 dark:[&_code]:bg-zinc-800 [&_li]:ml-4 [&_ol]:list-decimal [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-100 [&_pre]:p-2 dark:[&_pre]:bg-zinc-800 [&_ul]:list-disc";

export const MarkdownView = memo(function MarkdownView({ text }: { text: string }) {
  const [renderer, setRenderer] = useState<Render | null>(() => render);
  useEffect(() => {
    if (renderer) return;
    let live = true;
    void loadMarkdown().then((r) => live && setRenderer(() => r));
    return () => {
      live = false;
    };
  }, [renderer]);
  const html = useMemo(() => (renderer ? renderer(text) : null), [renderer, text]);
  if (html === null) return <div className={`${prose} whitespace-pre-wrap`}>{text}</div>;
  return <div className={prose} dangerouslySetInnerHTML={{ __html: html }} />;
});
