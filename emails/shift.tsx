// Messages about one volunteer's place on one shift. Each kind is its own message (own subject,
// wording and footer); they share this layout: what, where, when (in the branch's zone), and a link.
import { Button } from "@react-email/button";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { formatTimeSpan } from "#app/lib/time.ts";
import { InviteNote } from "./components/invite-note.tsx";
import { EmailLayout, unsubscribeLine, type Unsubscribable } from "./components/layout.tsx";
import { MultilineText } from "./components/multiline.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";

export const SHIFT_MESSAGE_KINDS = [
  "shift-booked",
  "shift-promoted",
  "shift-changed",
  "shift-cancelled",
  "shift-removed",
  "booking-cancelled",
  "shift-reminder",
  "call-for-help",
] as const;
export type ShiftMessageKind = (typeof SHIFT_MESSAGE_KINDS)[number];

export interface Localized {
  zh: string;
  en: string;
}

export interface ShiftMessageData extends Unsubscribable {
  name: string;
  role: Localized;
  branch: Localized;
  room: Localized | null;
  address: Localized;
  /** ISO instants and the branch's zone: shown as the branch's wall time. */
  start: string;
  end: string;
  zone: string;
  /** For a change: the time it had before. */
  previousStart?: string;
  previousEnd?: string;
  notes: string;
  reason?: string | null;
  late?: boolean;
  leadHours?: number;
  /** For a call for help: places still needed to reach the minimum. */
  needed?: number;
  url: string;
}

export function pick(text: Localized, lang: string): string {
  return lang === "en" ? text.en : text.zh;
}

export function formatSpan(startIso: string, endIso: string, zone: string, lang: string): string {
  return formatTimeSpan(startIso, endIso, zone, lang);
}

function ShiftEmail({ t, lang, kind, data }: { t: TFunction; lang: string; kind: ShiftMessageKind; data: ShiftMessageData }) {
  const when = formatSpan(data.start, data.end, data.zone, lang);
  const role = pick(data.role, lang);
  const place = [pick(data.branch, lang), data.room ? pick(data.room, lang) : null].filter(Boolean).join(" · ");
  const cancelled = kind === "shift-cancelled" || kind === "shift-removed" || kind === "booking-cancelled";
  return (
    <EmailLayout lang={lang} preview={t(`email.shift.${kind}.subject`, { role, when })} libraryName={t("app.library")} footer={t(kind === "call-for-help" ? "email.shift.footerHelp" : "email.shift.footer")} unsubscribe={unsubscribeLine(t, data)}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t(`email.shift.${kind}.body`, { role, when, place, hours: data.leadHours ?? 24, needed: data.needed ?? 1 })}</Text>
      <Section style={{ borderLeft: `4px solid ${cancelled ? "#9aa5b1" : "#7a2e1d"}`, paddingLeft: "12px" }}>
        <Text style={{ margin: "4px 0", fontWeight: 700, textDecoration: cancelled ? "line-through" : "none" }}>{role}</Text>
        <Text style={{ margin: "4px 0" }}>{when}</Text>
        {data.previousStart && data.previousEnd ? (
          <Text style={{ margin: "4px 0", color: "#52606d" }}>{t("email.shift.previously", { when: formatSpan(data.previousStart, data.previousEnd, data.zone, lang) })}</Text>
        ) : null}
        <Text style={{ margin: "4px 0" }}>{place}</Text>
        <Text style={{ margin: "4px 0", color: "#52606d" }}>{pick(data.address, lang)}</Text>
        {data.notes ? <MultilineText style={{ margin: "4px 0" }} text={data.notes} /> : null}
        {data.reason ? <MultilineText style={{ margin: "4px 0" }} text={t("email.shift.reason", { reason: data.reason })} /> : null}
        {data.late ? <Text style={{ margin: "4px 0" }}>{t("email.shift.late")}</Text> : null}
      </Section>
      {cancelled || kind === "call-for-help" || kind === "shift-reminder" ? null : (
        <>
          <Text>{t("email.shift.calendar")}</Text>
          <InviteNote t={t} place="shift" href={data.url} />
        </>
      )}
      <Button href={data.url} style={{ backgroundColor: "#7a2e1d", color: "#ffffff", padding: "10px 18px", borderRadius: "4px" }}>
        {t(kind === "call-for-help" ? "email.shift.book" : "email.shift.open")}
      </Button>
    </EmailLayout>
  );
}

export function shiftRenderer(kind: ShiftMessageKind) {
  return (t: TFunction, lang: string, data: ShiftMessageData): Promise<RenderedEmail> => {
    const when = formatSpan(data.start, data.end, data.zone, lang);
    return renderEmail(t(`email.shift.${kind}.subject`, { role: pick(data.role, lang), when }), <ShiftEmail t={t} lang={lang} kind={kind} data={data} />);
  };
}
