// The one owner of an invite's SEQUENCE (RFC 5545 3.8.7.4). A calendar takes an update or a
// cancellation of an entry it holds only when its SEQUENCE is higher than the one it has; one with
// the same number is ignored, silently. So every change that reaches people's calendars goes
// through here: the rows' SEQUENCE is raised, then (same transaction) their messages are queued,
// and those read the raised number. Nothing else in app/ writes a `sequence` column
// (tests/unit/invite-sequence.test.ts holds that; tests/integration/invite-sequence.test.ts runs
// every change path and checks the invites people receive). docs/decisions/0024.
import { sql } from "kysely";
import type { Trx } from "#app/lib/db.server.ts";

/** The items whose rows carry a SEQUENCE: the invites (bookings, registrations, enrolments,
 * interviews) and the published entries of a branch's feed (events) and of the shift itself. */
const TABLES = {
  shift: "shuxiang.shifts",
  booking: "shuxiang.bookings",
  event: "shuxiang.events",
  registration: "shuxiang.registrations",
  enrolment: "shuxiang.training_enrolments",
  interview: "shuxiang.interviews",
} as const;

export type SequencedItem = keyof typeof TABLES;

/** Raises these rows' SEQUENCE by one; returns each row's new value. The caller's transaction. */
export async function raiseSequence(trx: Trx, item: SequencedItem, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: number; sequence: number }>`
    UPDATE ${sql.table(TABLES[item])} SET sequence = sequence + 1
    WHERE id = ANY(${[...ids]}::bigint[])
    RETURNING id, sequence`.execute(trx);
  return new Map(rows.rows.map((r) => [Number(r.id), r.sequence]));
}

/**
 * A change these rows' calendar entries must show (a new time, place or text, a cancellation, a
 * place given again): raises their SEQUENCE, then queues their messages with `queue` — updated or
 * cancelling invites, which read the new number. `ids` are every row whose entry changed, also
 * those `queue` tells without an invite (people who only waited: a later invite must still rise
 * above what their feed showed). One transaction: the caller's.
 */
export async function reissueInvites<T>(trx: Trx, item: SequencedItem, ids: readonly number[], queue: () => Promise<T>): Promise<T> {
  await raiseSequence(trx, item, ids);
  return queue();
}
