// QR check-in (docs/decisions/0028): the desk's kiosk shows a QR code for its branch that changes
// every 30 seconds — an HMAC with the server secret over the branch and the time window, so it
// cannot be made up or kept: a code is good for its own window and the one after. A signed-in
// volunteer who opens its URL is checked in to their shift at that branch (from 30 minutes before
// it starts); opening it again checks them out. The record says "QR check-in".
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { checkIn, checkOut } from "./attendance.server.ts";

export const KIOSK_WINDOW_MS = 30_000;
const EARLY_MINUTES = 30;

export function kioskWindow(now: Date): number {
  return Math.floor(now.getTime() / KIOSK_WINDOW_MS);
}

function signature(secret: string, branch: string, window: number): string {
  const key = crypto.hkdfSync("sha256", secret, Buffer.alloc(0), "shuxiang/kiosk-qr/v1", 32);
  return crypto.createHmac("sha256", Buffer.from(key)).update(`${branch}:${window}`).digest("base64url").slice(0, 22);
}

/** The URL the kiosk's QR code encodes for this moment. */
export function kioskUrl(publicUrl: URL, secret: string, branch: string, now: Date): URL {
  const window = kioskWindow(now);
  const url = new URL("/volunteer/scan", publicUrl);
  url.search = new URLSearchParams({ b: branch, w: String(window), s: signature(secret, branch, window) }).toString();
  return url;
}

/** True for a code of the current window or the one before, signed with the server secret. */
export function verifyKioskCode(secret: string, branch: string, window: number, given: string, now: Date): boolean {
  const current = kioskWindow(now);
  if (window !== current && window !== current - 1) return false;
  const expected = Buffer.from(signature(secret, branch, window));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

export type ScanResult = { ok: true; action: "check-in" | "check-out"; bookingId: number; startsAt: Date; endsAt: Date; roleZh: string; roleEn: string } | { ok: false; reason: "no-shift" | "done" };

/**
 * Checks the volunteer in to their shift at the branch that starts within 30 minutes or is on now,
 * or out of the one they are checked in to. One shift at a time: the earliest that qualifies.
 */
export async function scanAtKiosk(db: Kysely<Database>, volunteerId: number, branch: string, now: Date = new Date()): Promise<ScanResult> {
  const rows = await db
    .selectFrom("shuxiang.bookings as b")
    .innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id")
    .innerJoin("shuxiang.roles as r", "r.id", "s.role_id")
    .select(["b.id", "b.starts_at", "b.ends_at", "b.checked_in_at", "b.checked_out_at", "r.name_zh", "r.name_en"])
    .where("b.volunteer_id", "=", volunteerId)
    .where("b.status", "=", "confirmed")
    .where("s.status", "=", "scheduled")
    .where("s.branch_code", "=", branch)
    .where("b.starts_at", "<=", new Date(now.getTime() + EARLY_MINUTES * 60_000))
    .where("b.starts_at", ">", new Date(now.getTime() - 24 * 3600_000))
    .orderBy("b.starts_at")
    .execute();
  const open = rows.find((r) => r.checked_in_at && !r.checked_out_at);
  if (open) {
    const result = await checkOut(db, { user: null }, open.id, now, "qr");
    if (result.ok) return { ok: true, action: "check-out", bookingId: open.id, startsAt: open.starts_at, endsAt: open.ends_at, roleZh: open.name_zh, roleEn: open.name_en };
  }
  const next = rows.find((r) => !r.checked_in_at && new Date(r.ends_at) > now);
  if (next) {
    const result = await checkIn(db, { user: null }, next.id, now, "qr");
    if (result.ok) return { ok: true, action: "check-in", bookingId: next.id, startsAt: next.starts_at, endsAt: next.ends_at, roleZh: next.name_zh, roleEn: next.name_en };
  }
  return { ok: false, reason: rows.some((r) => r.checked_out_at) ? "done" : "no-shift" };
}
