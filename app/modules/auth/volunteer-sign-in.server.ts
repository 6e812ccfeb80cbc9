// A volunteer asks for a sign-in code: issue it (rate-limited) and queue the email in their
// language, in one transaction; the delivery workers send it moments later.
import { isLocale, defaultLocale } from "#app/i18n/config.ts";
import { queueMessage } from "#app/modules/notifications/outbox.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import type { CoreServices } from "#app/lib/deps.server.ts";
import { issueSignInCode } from "./sign-in.server.ts";

export type SendCodeResult =
  | { ok: true; messageId: number }
  | { ok: false; reason: "unknown" | "inactive" }
  | { ok: false; reason: "rate-limited"; retryMinutes: number };

export async function sendVolunteerSignInCode(
  services: Pick<CoreServices, "db" | "config" | "boss">,
  input: { email: string; ip: string },
): Promise<SendCodeResult> {
  return services.db.transaction().execute(async (trx) => {
    const issued = await issueSignInCode(trx, services.config.sessionSecret, input);
    if (!issued.ok) return issued;
    const { volunteer } = issued;
    const messageId = await queueMessage(trx, appDeps(services), {
      to: { email: volunteer.email, name: volunteer.name, language: isLocale(volunteer.language) ? volunteer.language : defaultLocale },
      template: "sign-in-code",
      data: {
        name: volunteer.name,
        code: issued.code,
        link: new URL(`/volunteer/sign-in/link/${issued.linkToken}`, services.config.publicUrl).href,
      },
    });
    return { ok: true as const, messageId };
  });
}
