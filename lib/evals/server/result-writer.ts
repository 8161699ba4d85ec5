import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Db } from "@/lib/server/db";

// Group commit for a run's results. On SQLite every commit is a synchronous fsync on the event loop, so one
// commit per answer capped a run at a few dozen answers a second. Answers that finish within a few milliseconds
// of each other share one transaction (their rows and one progress update); each caller's promise resolves only
// once its row is committed, so "written once" still holds: a row the caller saw written is never redone.

export type ResultRow = Omit<Prisma.EvalResultUncheckedCreateInput, "runId">;

interface Pending {
  row: ResultRow;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 64;
const MAX_WAIT_MS = 5;

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown }).code === "P2002";
}

export class ResultWriter {
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly runId: string,
  ) {}

  write(row: ResultRow): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (this.pending.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
    });
  }

  private flush() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0);
    if (batch.length) this.chain = this.chain.then(() => this.commit(batch));
  }

  private progress(rows: ResultRow[]) {
    return this.db.evalRun.update({
      where: { id: this.runId },
      data: {
        done: { increment: rows.length },
        errors: { increment: rows.filter((r) => r.errorKind).length },
        costUsd: { increment: rows.reduce((sum, r) => sum + (r.costUsd ?? 0), 0) },
      },
    });
  }

  private async commit(batch: Pending[]): Promise<void> {
    try {
      await this.db.$transaction([this.db.evalResult.createMany({ data: batch.map((b) => ({ ...b.row, runId: this.runId })) }), this.progress(batch.map((b) => b.row))]);
      for (const b of batch) b.resolve();
    } catch (err) {
      if (!isUniqueViolation(err)) {
        for (const b of batch) b.reject(err);
        return;
      }
      // Another runner wrote one of these pairs first (a handover between instances): keep its row, write the rest.
      for (const b of batch) {
        try {
          await this.db.$transaction([this.db.evalResult.create({ data: { ...b.row, runId: this.runId } }), this.progress([b.row])]);
          b.resolve();
        } catch (e) {
          if (isUniqueViolation(e)) b.resolve();
          else b.reject(e);
        }
      }
    }
  }
}
