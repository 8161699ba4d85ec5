import type { ChatMessage } from "@/lib/completion/types";

// The LLM judge: one pairwise comparison against the user's rubric, answered as JSON.

export interface JudgeCandidate {
  column: number;
  output: string;
}

export function buildJudgeMessages(rubric: string, prompt: string, a: JudgeCandidate, b: JudgeCandidate): ChatMessage[] {
  return [
    {
      role: "system",
      content:
        "You are an impartial judge comparing two answers to the same prompt. Apply the rubric strictly. " +
        'Reply with one JSON object only: {"winner": "A" | "B" | "tie", "reason": "<one or two sentences>"}.',
    },
    {
      role: "user",
      content: `Rubric:\n${rubric}\n\nPrompt:\n${prompt}\n\n[Answer A]\n${a.output}\n[/Answer A]\n\n[Answer B]\n${b.output}\n[/Answer B]`,
    },
  ];
}

export interface ParsedVerdict {
  winner: number;
  reason: string;
}

/** Reads the judge's answer; tolerant of prose around the JSON, never guesses a winner it did not name. */
export function parseJudgeReply(text: string, a: number, b: number): ParsedVerdict | null {
  const match = text.match(/\{[\s\S]*\}/);
  if (match) {
    try {
      const obj = JSON.parse(match[0]) as { winner?: unknown; reason?: unknown };
      const w = typeof obj.winner === "string" ? obj.winner.trim().toLowerCase() : "";
      const reason = typeof obj.reason === "string" ? obj.reason.trim() : "";
      if (w === "a") return { winner: a, reason };
      if (w === "b") return { winner: b, reason };
      if (w === "tie") return { winner: -1, reason };
    } catch {
      /* fall through to the plain-text reading */
    }
  }
  const plain = text.match(/\bwinner\W{0,5}(A|B|tie)\b/i);
  if (!plain) return null;
  const w = plain[1].toLowerCase();
  return { winner: w === "a" ? a : w === "b" ? b : -1, reason: text.trim().slice(0, 1000) };
}
