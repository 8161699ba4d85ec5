import type { Locator } from "@playwright/test";

// Layout checks that read what the browser laid out, for text that must not be cut or broken mid-word.

/**
 * Where the element's text wraps onto a new line somewhere other than after a space or a hyphen:
 * each entry is the text up to such a break. [] when every line break falls between words.
 */
export async function midWordBreaks(el: Locator): Promise<string[]> {
  return el.evaluate((node) => {
    const bad: string[] = [];
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    let text = "";
    let lastTop: number | null = null;
    for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
      for (let i = 0; i < t.length; i++) {
        const range = document.createRange();
        range.setStart(t, i);
        range.setEnd(t, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.width > 0) {
          if (lastTop !== null && rect.top > lastTop + 1 && !/[\s-]$/.test(text)) bad.push(text);
          lastTop = rect.top;
        }
        text += t.data[i];
      }
    }
    return bad;
  });
}

/** True when every option's text fits in the closed select, so the chosen name is never cut off. */
export async function selectFitsOptions(select: Locator): Promise<{ fits: boolean; widest: number; available: number }> {
  return select.evaluate((el) => {
    const s = el as HTMLSelectElement;
    const style = getComputedStyle(s);
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const widest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
    // The text area: the box minus its padding and the drop-down arrow (about 20 px in Chromium).
    const available = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    return { fits: widest <= available, widest, available };
  });
}
