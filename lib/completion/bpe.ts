// Byte-pair encoding over tiktoken's rank files, in time that grows with the input's length, not its square.
// js-tiktoken rescans every pair of a pre-tokenised piece after each merge, so one long piece ("AAAA…", a run
// of spaces) costs seconds per 10 kB and blocks the event loop; here each merge is a heap pop. The result
// equals js-tiktoken's (bpe.test.ts compares them), except that a piece longer than MAX_PIECE_BYTES, which no
// natural text has, is merged in parts of that size.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { TiktokenBPE } from "js-tiktoken/lite";
import type { CancelSignal } from "./cancel";
import cl100kBase from "js-tiktoken/ranks/cl100k_base";
import o200kBase from "js-tiktoken/ranks/o200k_base";

export type EncodingName = "o200k_base" | "cl100k_base";

/** Longest piece merged as one; also bounds the work between two stretches (see `stretches`). */
export const MAX_PIECE_BYTES = 8192;
/** Characters per stretch: the unit of work a caller may pause between. */
const STRETCH_CHARS = 4096;
/** Longest run of counting between two turns of the event loop. */
const SLICE_MS = 5;
/** Heap keys pack (rank, start) into one number; start < SHIFT. */
const SHIFT = 16_384;

const isAscii = (s: string) => Buffer.byteLength(s) === s.length;

/** Where to end a part of at most `at` bytes without splitting a UTF-8 sequence. */
function cutAt(bytes: string, at: number): number {
  if (at >= bytes.length) return bytes.length;
  while (at > 0 && (bytes.charCodeAt(at) & 0xc0) === 0x80) at--;
  return at;
}

function heapPush(heap: number[], key: number): void {
  let i = heap.push(key) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= key) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = key;
}

function heapPop(heap: number[]): number {
  const top = heap[0];
  const last = heap.pop()!;
  if (heap.length) {
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && heap[child + 1] < heap[child]) child++;
      if (heap[child] >= last) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
  }
  return top;
}

export class BpeEncoding {
  /** Token bytes as a latin1 string (one char per byte) → rank. */
  private readonly ranks = new Map<string, number>();
  private readonly special = new Map<string, number>();
  private readonly specialPattern: RegExp | undefined;
  private readonly pattern: RegExp;
  private decoder: string[] | undefined;

  constructor(data: TiktokenBPE) {
    for (const line of data.bpe_ranks.split("\n")) {
      if (!line) continue;
      const fields = line.split(" ");
      const offset = Number.parseInt(fields[1], 10);
      for (let i = 2; i < fields.length; i++) this.ranks.set(Buffer.from(fields[i], "base64").toString("latin1"), offset + i - 2);
    }
    for (const [text, rank] of Object.entries(data.special_tokens)) this.special.set(text, rank);
    const escaped = [...this.special.keys()].map((t) => t.replace(/[\\^$*+?.()|[\]{}]/g, "\\$&"));
    this.specialPattern = escaped.length ? new RegExp(escaped.join("|"), "g") : undefined;
    this.pattern = new RegExp(data.pat_str, "gu");
  }

  /**
   * Token ids of successive stretches of `text` (special tokens allowed), about STRETCH_CHARS each; together
   * they are the encoding. A caller can stop, or give the event loop a turn, between two stretches.
   */
  *stretches(text: string): Generator<number[], void, undefined> {
    let out: number[] = [];
    let size = 0;
    let start = 0;
    const special = this.specialPattern ? new RegExp(this.specialPattern) : undefined;
    for (;;) {
      let found: RegExpExecArray | null = null;
      if (special) {
        special.lastIndex = start;
        found = special.exec(text);
      }
      const end = found?.index ?? text.length;
      // Segment by segment, as js-tiktoken does: the pattern never sees across a special token.
      for (const match of text.slice(start, end).matchAll(this.pattern)) {
        const piece = match[0];
        const bytes = isAscii(piece) ? piece : Buffer.from(piece, "utf8").toString("latin1");
        const whole = this.ranks.get(bytes);
        if (whole !== undefined) {
          out.push(whole);
          size += piece.length;
        } else {
          for (let from = 0; from < bytes.length; ) {
            const to = cutAt(bytes, from + MAX_PIECE_BYTES);
            this.merge(to - from === bytes.length ? bytes : bytes.slice(from, to), out);
            size += to - from;
            from = to;
            if (size >= STRETCH_CHARS && from < bytes.length) {
              yield out;
              out = [];
              size = 0;
            }
          }
        }
        if (size >= STRETCH_CHARS) {
          yield out;
          out = [];
          size = 0;
        }
      }
      if (!found) break;
      out.push(this.special.get(found[0])!);
      start = end + found[0].length;
    }
    if (out.length) yield out;
  }

  /** Token counts of the stretches (see `stretches`); sum them with `sumNow` or `sumInSlices`. */
  *counts(text: string): Generator<number, void, undefined> {
    if (!text) return;
    for (const part of this.stretches(text)) yield part.length;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    for (const part of this.stretches(text)) for (const t of part) out.push(t);
    return out;
  }

  decode(tokens: readonly number[]): string {
    if (!this.decoder) {
      const decoder: string[] = [];
      for (const [bytes, rank] of this.ranks) decoder[rank] = bytes;
      for (const [text, rank] of this.special) decoder[rank] = Buffer.from(text, "utf8").toString("latin1");
      this.decoder = decoder;
    }
    const bytes = tokens.map((t) => this.decoder![t] ?? "").join("");
    return new TextDecoder().decode(Buffer.from(bytes, "latin1"));
  }

  /**
   * tiktoken's merge rule (repeatedly join the adjacent pair with the lowest rank, leftmost first) with a heap:
   * parts are a linked list over byte offsets, and a heap entry is stale once its left part died or its pair
   * changed (a changed pair spans more bytes, so it has another rank).
   */
  private merge(bytes: string, out: number[]): void {
    const n = bytes.length;
    if (n === 1) {
      out.push(this.ranks.get(bytes)!);
      return;
    }
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    const pairRank = new Int32Array(n).fill(-1);
    const heap: number[] = [];
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
    }
    const rankPair = (i: number) => {
      const j = next[i];
      const rank = j < n ? this.ranks.get(bytes.slice(i, next[j])) : undefined;
      pairRank[i] = rank ?? -1;
      if (rank !== undefined) heapPush(heap, rank * SHIFT + i);
    };
    for (let i = 0; i < n - 1; i++) rankPair(i);
    while (heap.length) {
      const key = heapPop(heap);
      const rank = Math.floor(key / SHIFT);
      const i = key - rank * SHIFT;
      if (next[i] < 0 || pairRank[i] !== rank) continue;
      const j = next[i];
      next[i] = next[j];
      next[j] = -1;
      pairRank[j] = -1;
      if (next[i] < n) prev[next[i]] = i;
      rankPair(i);
      if (prev[i] >= 0) rankPair(prev[i]);
    }
    for (let i = 0; i < n; i = next[i]) out.push(this.ranks.get(bytes.slice(i, next[i]))!);
  }
}

// Kept on globalThis: the custom server and Next's bundles load their own copies of this module, and each
// table is tens of megabytes.
const g = globalThis as unknown as Record<symbol, Map<EncodingName, BpeEncoding> | undefined>;
const encodings = (g[Symbol.for("tunebench.bpeEncodings")] ??= new Map<EncodingName, BpeEncoding>());
const DATA: Record<EncodingName, TiktokenBPE> = { o200k_base: o200kBase, cl100k_base: cl100kBase };

/** One encoder per process and name: building one takes a large part of a second. */
export function getEncoding(name: EncodingName): BpeEncoding {
  let enc = encodings.get(name);
  if (!enc) {
    enc = new BpeEncoding(DATA[name]);
    encodings.set(name, enc);
  }
  return enc;
}

/** A count, or (complete: false) a partial one that already passed the limit it was asked about. */
export interface TokenCount {
  tokens: number;
  complete: boolean;
}

export function sumNow(stretches: Iterable<number>, limit: number): TokenCount {
  let tokens = 0;
  for (const n of stretches) {
    tokens += n;
    if (tokens > limit) return { tokens, complete: false };
  }
  return { tokens, complete: true };
}

/** Sums stretch counts, giving the event loop a turn every SLICE_MS, and stops once the sum passes `limit`. */
export async function sumInSlices(stretches: Iterable<number>, limit: number, signal?: CancelSignal): Promise<TokenCount> {
  let tokens = 0;
  let sliceStart = performance.now();
  for (const n of stretches) {
    tokens += n;
    if (tokens > limit) return { tokens, complete: false };
    if (performance.now() - sliceStart > SLICE_MS) {
      await nextTurn();
      if (signal?.aborted) throw signal.reason;
      sliceStart = performance.now();
    }
  }
  return { tokens, complete: true };
}
