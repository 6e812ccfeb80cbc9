// Following a one-click unsubscribe link (the links themselves: notifications/unsubscribe.server.ts):
// stops a volunteer's calls for help or reminders, or a reader's reminders for one registration.
import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import { verifyUnsubscribeToken, type MailKind } from "#app/modules/notifications/unsubscribe.server.ts";
import { stopRegistrationReminders } from "#app/modules/events/registrations.server.ts";
import { setMailPreferences } from "#app/modules/volunteers/profile.server.ts";

/** Stops the mail a token names; false when the token is bad or names no one. */
export async function unsubscribe(db: Kysely<Database>, secret: string, token: string): Promise<{ ok: true; kind: MailKind } | { ok: false }> {
  const target = verifyUnsubscribeToken(secret, token);
  if (!target) return { ok: false };
  const done = "volunteerId" in target ? await setMailPreferences(db, target.volunteerId, { [target.kind]: false }) : await stopRegistrationReminders(db, target.registrationId);
  return done ? { ok: true, kind: target.kind } : { ok: false };
}
