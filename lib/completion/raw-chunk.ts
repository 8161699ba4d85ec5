// A content event of an OpenAI-compatible stream, kept as the JSON text the upstream sent (stream() with
// `passthrough`). A gateway writes it out with only the model name replaced instead of parsing and re-encoding
// every token; any other reader sees an ordinary chunk, parsed on first access.
import type { ChatCompletionChunk } from "./types";

export class RawChunk implements ChatCompletionChunk {
  private value?: ChatCompletionChunk;
  private renamed?: string;

  constructor(
    /** The event's data: one JSON object with a chat.completion.chunk's fields. */
    readonly raw: string,
    /** Where the model name's string literal (its quotes included) starts and ends in `raw`. */
    private readonly modelAt: number,
    private readonly modelEnd: number,
    /** The provider's own parse of one event (the same normalisation a parsed chunk gets). */
    private readonly decode: (raw: string) => ChatCompletionChunk,
  ) {}

  private get parsed(): ChatCompletionChunk {
    return (this.value ??= this.decode(this.raw));
  }

  get id(): string {
    return this.parsed.id;
  }
  get object(): "chat.completion.chunk" {
    return "chat.completion.chunk";
  }
  get created(): number {
    return this.parsed.created;
  }
  get choices(): ChatCompletionChunk["choices"] {
    return this.parsed.choices;
  }
  get usage(): ChatCompletionChunk["usage"] {
    return this.parsed.usage;
  }
  get model(): string {
    return this.renamed ?? this.parsed.model;
  }
  /** Renaming costs nothing: the name is put in when the event is written (sse()). */
  set model(name: string) {
    this.renamed = name;
  }

  /** `data: {…}\n\n`: the upstream's text, with the model renamed if it was. */
  sse(): string {
    if (this.renamed === undefined) return `data: ${this.raw}\n\n`;
    return `data: ${this.raw.slice(0, this.modelAt)}${quoted(this.renamed)}${this.raw.slice(this.modelEnd)}\n\n`;
  }

  toJSON(): ChatCompletionChunk {
    return Object.assign({}, this.parsed, { model: this.model });
  }
}

/** A name as a JSON string literal; every chunk of a stream is renamed to the same one, so the last is kept. */
let lastName: string | undefined;
let lastQuoted = "";
function quoted(name: string): string {
  if (name !== lastName) {
    lastQuoted = JSON.stringify(name);
    lastName = name;
  }
  return lastQuoted;
}

/** The usage chunk a stream ends with (choices empty): never a passed-through one, and told without parsing it. */
export function isUsageChunk(chunk: ChatCompletionChunk): boolean {
  return !(chunk instanceof RawChunk) && chunk.choices.length === 0 && !!chunk.usage;
}
