// One-click unsubscribe (RFC 8058) for the mail people may stop: calls for help and reminders.
// The link names the person (a volunteer, or a reader's registration) and the kind, signed with
// the server secret, so it is checked without a lookup and never stored: the delivery worker signs
// it when the message leaves (see docs/decisions/0014-mail-preferences-and-unsubscribe.md).
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { safeEqual } from "#app/modules/auth/tokens.server.ts";
import { stopRegistrationReminders } from "#app/modules/events/registrations.server.ts";
import { setMailPreferences, type MailKind } from "#app/modules/volunteers/profile.server.ts";

/** Whose mail of which kind a link stops; kept in a message's data (ids only, nothing secret). */
export type UnsubscribeTarget = { kind: MailKind; volunteerId: number } | { kind: "reminders"; registrationId: number };

const TOKEN = /^(help|reminders)\.([vr])(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

function payloadOf(target: UnsubscribeTarget): string {
  return "volunteerId" in target ? `${target.kind}.v${target.volunteerId}` : `${target.kind}.r${target.registrationId}`;
}

function mac(secret: string, payload: string): string {
  return crypto.createHmac("sha256", secret).update(`unsubscribe:${payload}`).digest("base64url");
}

export function unsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  const payload = payloadOf(target);
  return `${payload}.${mac(secret, payload)}`;
}

export function unsubscribeUrl(secret: string, publicUrl: URL, target: UnsubscribeTarget): string {
  return new URL(`/unsubscribe/${unsubscribeToken(secret, target)}`, publicUrl).href;
}

/** The target a token names, or null when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeTarget | null {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const [, kind, who, id, signature] = m;
  if (!safeEqual(signature, mac(secret, `${kind}.${who}${id}`))) return null;
  if (who === "v") return { kind: kind as MailKind, volunteerId: Number(id) };
  // Registrations only ever get reminders: a signed "help" link for one is not ours.
  return kind === "reminders" ? { kind, registrationId: Number(id) } : null;
}

/** Stops the mail a token names; false when the token is bad or names no one. */
export async function unsubscribe(db: Kysely<Database>, secret: string, token: string): Promise<{ ok: true; kind: MailKind } | { ok: false }> {
  const target = verifyUnsubscribeToken(secret, token);
  if (!target) return { ok: false };
  const done = "volunteerId" in target ? await setMailPreferences(db, target.volunteerId, { [target.kind]: false }) : await stopRegistrationReminders(db, target.registrationId);
  return done ? { ok: true, kind: target.kind } : { ok: false };
}
