// A staff member's invitation, and a password reset: a one-time link to set a password. And the
// notice that their account was locked after too many wrong passwords.
import { Button } from "@react-email/button";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { formatInstant } from "#app/lib/time.ts";
import { EmailLayout } from "./components/layout.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";

export const STAFF_MESSAGE_KINDS = ["staff-invite", "staff-password-reset"] as const;
export type StaffMessageKind = (typeof STAFF_MESSAGE_KINDS)[number];

export interface StaffMessageData {
  name: string;
  role: string;
  invitedBy: string;
  /** The one-time link (a capability: wiped once sent). */
  link: string;
  hours: number;
}

function StaffEmail({ t, lang, kind, data }: { t: TFunction; lang: string; kind: StaffMessageKind; data: StaffMessageData }) {
  return (
    <EmailLayout lang={lang} preview={t(`email.staff.${kind}.subject`)} libraryName={t("app.library")} footer={t(`email.staff.${kind}.footer`)}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t(`email.staff.${kind}.body`, { role: t(`roles.${data.role}`), invitedBy: data.invitedBy })}</Text>
      <Button href={data.link} style={{ backgroundColor: "#7a2e1d", color: "#ffffff", padding: "10px 18px", borderRadius: "4px" }}>
        {t("email.staff.button")}
      </Button>
      <Text style={{ fontSize: "12px", color: "#52606d" }}>{t("email.staff.expiry", { hours: data.hours })}</Text>
    </EmailLayout>
  );
}

export function staffRenderer(kind: StaffMessageKind) {
  return (t: TFunction, lang: string, data: StaffMessageData): Promise<RenderedEmail> => renderEmail(t(`email.staff.${kind}.subject`), <StaffEmail t={t} lang={lang} kind={kind} data={data} />);
}

export interface AccountLockedData {
  name: string;
  /** How long the lock lasts. */
  minutes: number;
  /** Where the last wrong password came from. */
  ip: string;
  /** When the lock ends (ISO instant) and the zone to show it in. */
  until: string;
  zone: string;
}

function AccountLockedEmail({ t, lang, data }: { t: TFunction; lang: string; data: AccountLockedData }) {
  const until = formatInstant(data.until, data.zone, lang);
  return (
    <EmailLayout lang={lang} preview={t("email.staff.locked.subject")} libraryName={t("app.library")} footer={t("email.staff.locked.footer")}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t("email.staff.locked.body", { minutes: data.minutes, until, ip: data.ip })}</Text>
      <Text>{t("email.staff.locked.notYou")}</Text>
    </EmailLayout>
  );
}

export function renderAccountLocked(t: TFunction, lang: string, data: AccountLockedData): Promise<RenderedEmail> {
  return renderEmail(t("email.staff.locked.subject"), <AccountLockedEmail t={t} lang={lang} data={data} />);
}
