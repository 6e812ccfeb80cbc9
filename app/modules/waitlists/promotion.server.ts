// The one waitlist mechanism: shifts (one place each), event registrations (a party's size) and
// training enrolments (one place each).
//
// Three rules keep simultaneous cancellations, waitlist leaves and promotions apart
// (docs/decisions/0022-eligibility-and-promotion.md):
// - Lock order: every change to who holds or waits for a place locks the shift's or event's row
//   first (`lockHolder`), then the bookings or registrations it touches, in id order
//   (`lockEntries`). Two such transactions queue on the first lock instead of deadlocking.
// - Conditional updates: a promotion only turns an entry that is still `waitlisted` into
//   `confirmed`, and only raises the counter while it stays within the capacity, so it never
//   overwrites a cancellation.
// - Started guard: nothing is promoted once the shift or event has started (or is cancelled).
import { sql, type RawBuilder } from "kysely";
import { EXCLUSION_VIOLATION, pgErrorCode, type Trx } from "#app/lib/db.server.ts";
import { fillInArrivalOrder, type Waiting } from "./order.ts";

export interface WaitlistKind {
  /** The table whose row holds the capacity and the count of places taken. */
  holder: "shuxiang.shifts" | "shuxiang.events" | "shuxiang.training_sessions";
  taken: "booked" | "registered" | "enrolled";
  /** The table of bookings or registrations, with `status`, `arrival` and `confirmed_at` (the caller raises SEQUENCE through calendar/sequence.server.ts). */
  entries: "shuxiang.bookings" | "shuxiang.registrations" | "shuxiang.training_enrolments";
  key: "shift_id" | "event_id" | "session_id";
  /** The status of an entry holding a place (training enrolments say `enrolled`). */
  holds: "confirmed" | "enrolled";
  /** The places one entry takes: a column (a party's size), or null for one each. */
  places: "places" | null;
}

export const SHIFT_WAITLIST: WaitlistKind = { holder: "shuxiang.shifts", taken: "booked", entries: "shuxiang.bookings", key: "shift_id", holds: "confirmed", places: null };
export const EVENT_WAITLIST: WaitlistKind = { holder: "shuxiang.events", taken: "registered", entries: "shuxiang.registrations", key: "event_id", holds: "confirmed", places: "places" };
export const TRAINING_WAITLIST: WaitlistKind = { holder: "shuxiang.training_sessions", taken: "enrolled", entries: "shuxiang.training_enrolments", key: "session_id", holds: "enrolled", places: null };

export interface Holder {
  id: number;
  status: string;
  starts_at: Date;
  capacity: number;
  taken: number;
}

/** Lock order, first step: the shift's or event's row. Taking it again in the same transaction is free. */
export async function lockHolder(trx: Trx, kind: WaitlistKind, holderId: number): Promise<Holder | undefined> {
  const result = await sql<Holder>`
    SELECT id, status, starts_at, capacity, ${sql.ref(kind.taken)} AS taken FROM ${sql.table(kind.holder)}
    WHERE id = ${holderId} FOR UPDATE`.execute(trx);
  return result.rows[0];
}

/** Lock order, second step: entries of a holder already locked, in id order; their current status. */
export async function lockEntries(trx: Trx, kind: WaitlistKind, ids: readonly number[]): Promise<Array<{ id: number; status: string }>> {
  if (ids.length === 0) return [];
  const result = await sql<{ id: number; status: string }>`
    SELECT id, status FROM ${sql.table(kind.entries)} WHERE id = ANY(${[...ids]}::int[]) ORDER BY id FOR UPDATE`.execute(trx);
  return result.rows;
}

/**
 * Locks one booking or registration the proper way round: its shift's or event's row first, then
 * the entry. False when there is no such entry. The caller reads the entry after this.
 */
export async function lockEntryAndHolder(trx: Trx, kind: WaitlistKind, entryId: number): Promise<boolean> {
  const found = await sql<{ holder: number }>`SELECT ${sql.ref(kind.key)} AS holder FROM ${sql.table(kind.entries)} WHERE id = ${entryId}`.execute(trx);
  if (!found.rows[0] || !(await lockHolder(trx, kind, found.rows[0].holder))) return false;
  return (await lockEntries(trx, kind, [entryId])).length === 1;
}

/** Gives places back to the holder (a confirmed entry cancelled, removed or made smaller). */
export async function releasePlaces(trx: Trx, kind: WaitlistKind, holderId: number, places: number): Promise<void> {
  await sql`UPDATE ${sql.table(kind.holder)} SET ${sql.ref(kind.taken)} = ${sql.ref(kind.taken)} - ${places}::int, updated_at = now() WHERE id = ${holderId}`.execute(trx);
}

export interface PromoteOptions {
  /** Joins that `where` needs, over the waiting entry aliased `e`. */
  join?: RawBuilder<unknown>;
  /** Who may move up (e.g. the shifts' eligibility rule); the others keep their place in the queue. */
  where?: RawBuilder<boolean>;
}

/**
 * Fills the holder's free places from its waitlist in arrival order (parties that fit) and returns
 * the entries confirmed; the caller tells each person. Runs in the caller's transaction and takes
 * the locks in the order above itself.
 */
export async function promote(trx: Trx, kind: WaitlistKind, holderId: number, now: Date, options: PromoteOptions = {}): Promise<number[]> {
  const holder = await lockHolder(trx, kind, holderId);
  if (!holder || holder.status !== "scheduled" || new Date(holder.starts_at) <= now) return [];
  const free = holder.capacity - holder.taken;
  if (free <= 0) return [];
  const waiting = await sql<Waiting>`
    SELECT e.id, ${kind.places ? sql.ref(`e.${kind.places}`) : sql`1`} AS places
    FROM (SELECT * FROM ${sql.table(kind.entries)} WHERE ${sql.ref(kind.key)} = ${holderId} AND status = 'waitlisted' ORDER BY id FOR UPDATE) e
    ${options.join ?? sql``}
    WHERE ${options.where ?? sql`true`}
    ORDER BY e.arrival`.execute(trx);
  return fillInArrivalOrder(free, waiting.rows, async (entry) => {
    await sql`SAVEPOINT promote`.execute(trx);
    try {
      const confirmed = await sql`
        UPDATE ${sql.table(kind.entries)} SET status = ${kind.holds}, confirmed_at = ${now}
        WHERE id = ${entry.id} AND status = 'waitlisted' RETURNING id`.execute(trx);
      const took =
        confirmed.rows.length === 1 &&
        (
          await sql`
            UPDATE ${sql.table(kind.holder)} SET ${sql.ref(kind.taken)} = ${sql.ref(kind.taken)} + ${entry.places}::int, updated_at = now()
            WHERE id = ${holderId} AND status = 'scheduled' AND starts_at > ${now} AND ${sql.ref(kind.taken)} + ${entry.places}::int <= capacity
            RETURNING id`.execute(trx)
        ).rows.length === 1;
      if (!took) await sql`ROLLBACK TO SAVEPOINT promote`.execute(trx);
      await sql`RELEASE SAVEPOINT promote`.execute(trx);
      return took;
    } catch (error) {
      // A volunteer who booked an overlapping shift in the same instant (the exclusion
      // constraint): passed over, the place stays free for the next.
      if (pgErrorCode(error) !== EXCLUSION_VIOLATION) throw error;
      await sql`ROLLBACK TO SAVEPOINT promote`.execute(trx);
      await sql`RELEASE SAVEPOINT promote`.execute(trx);
      return false;
    }
  });
}
