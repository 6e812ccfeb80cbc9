// One-click unsubscribe (RFC 8058) for the mail people may stop: calls for help and reminders.
// The link names the person (a volunteer, or a reader's registration) and the kind, signed with
// the server secret, so it is checked without a lookup and never stored: the delivery worker signs
// it when the message leaves (see docs/decisions/0014-mail-preferences-and-unsubscribe.md).
// Following a link is preferences/unsubscribe.server.ts.
import crypto from "node:crypto";
import { safeEqual } from "#app/lib/tokens.server.ts";

/** The mail people may stop. */
export type MailKind = "help" | "reminders";

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
