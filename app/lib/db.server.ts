// Database plumbing every module shares: the transaction helper, the rollback-with-a-result
// signal and PostgreSQL's error codes. No domain rule lives here.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "#db/schema.ts";
import { log } from "./log.server.ts";

export type Trx = Transaction<Database>;

/** Thrown inside a transaction to roll it back and answer with `result`. */
export class Rollback<R> extends Error {
  readonly result: R;
  constructor(result: R) {
    super("rollback");
    this.result = result;
  }
}

export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

/** PostgreSQL exclusion-constraint violation (a volunteer's overlapping shifts). */
/**
 * A LIKE/ILIKE pattern for "contains what was typed": the typed %, _ and \ match only
 * themselves (PostgreSQL's default escape character is the backslash).
 */
export function containsPattern(typed: string): string {
  return `%${typed.replace(/[%_\\]/g, "\\$&")}%`;
}

export const EXCLUSION_VIOLATION = "23P01";
/** Deadlock detected / could not serialize: the transaction did nothing and may simply be run again. */
export const RETRYABLE = new Set(["40P01", "40001"]);
/** How many times a transaction is tried in all before a deadlock or serialization failure is passed on. */
export const TRANSACTION_ATTEMPTS = 4;

/**
 * Runs `work` in a transaction; a Rollback ends it and its result is returned instead. A deadlock
 * or serialization failure rolls the whole transaction back, so it is run again (a bounded number
 * of times, after a short random pause so the two parties do not collide again).
 */
export async function transact<R>(db: Kysely<Database>, work: (trx: Trx) => Promise<R>): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (error instanceof Rollback) return error.result as R;
      const code = pgErrorCode(error);
      if (code && RETRYABLE.has(code) && attempt < TRANSACTION_ATTEMPTS) {
        // Logged: a deadlock here means two code paths take their locks in different orders.
        log.warn("transaction retried", { code, attempt });
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    }
  }
}
