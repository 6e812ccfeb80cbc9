// A volunteer asks for a sign-in code: issue it (rate-limited), then email it in their language.
import { renderSignInCode } from "#emails/sign-in-code.tsx";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { isLocale, defaultLocale } from "#app/i18n/config.ts";
import { log } from "#app/modules/log.server.ts";
import type { Services } from "#app/services.server.ts";
import { issueSignInCode } from "./sign-in.server.ts";

export type SendCodeResult =
  | { ok: true }
  | { ok: false; reason: "unknown" | "inactive" | "mail-failed" }
  | { ok: false; reason: "rate-limited"; retryMinutes: number };

export async function sendVolunteerSignInCode(
  services: Pick<Services, "db" | "config" | "mailer">,
  input: { email: string; ip: string },
): Promise<SendCodeResult> {
  const issued = await issueSignInCode(services.db, services.config.sessionSecret, input);
  if (!issued.ok) return issued;
  const lang = isLocale(issued.volunteer.language) ? issued.volunteer.language : defaultLocale;
  const t = await getFixedT(lang);
  const link = new URL(`/volunteer/sign-in/link/${issued.linkToken}`, services.config.publicUrl).href;
  const message = await renderSignInCode(t, lang, { name: issued.volunteer.name, code: issued.code, link });
  try {
    await services.mailer.send({ to: issued.volunteer.email, ...message });
    return { ok: true };
  } catch (error) {
    log.error("sign-in code not sent", { volunteerId: issued.volunteer.id, error: String(error) });
    return { ok: false, reason: "mail-failed" };
  }
}
