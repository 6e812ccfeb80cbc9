// Interview invite, update and cancellation — to the applicant and to the interviewer, each in
// their own language, with the calendar invite (same UID, rising SEQUENCE).
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { InviteNote, type CancelPlace } from "./components/invite-note.tsx";
import { EmailLayout, unsubscribeLine, type Unsubscribable } from "./components/layout.tsx";
import { MultilineText } from "./components/multiline.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";
import { formatSpan, pick, type Localized } from "./shift.tsx";

export const INTERVIEW_MESSAGE_KINDS = ["interview-invite", "interview-update", "interview-cancel", "interview-reminder"] as const;
export type InterviewMessageKind = (typeof INTERVIEW_MESSAGE_KINDS)[number];

export interface InterviewMessageData extends Unsubscribable {
  name: string;
  /** "applicant" or "interviewer": who this copy is for. */
  audience: "applicant" | "interviewer";
  applicantName: string;
  interviewerName: string;
  branch: Localized;
  place: string;
  address: Localized;
  start: string;
  end: string;
  zone: string;
  previousStart?: string;
  previousEnd?: string;
  reason?: string;
  leadHours?: number;
  /** Where this person cancels (the applicant: the branch's desk; the interviewer: the application's page); absent without an invite. */
  cancel?: { place: CancelPlace; href: string };
}

function InterviewEmail({ t, lang, kind, data }: { t: TFunction; lang: string; kind: InterviewMessageKind; data: InterviewMessageData }) {
  const when = formatSpan(data.start, data.end, data.zone, lang);
  const where = [pick(data.branch, lang), data.place].filter(Boolean).join(" · ");
  return (
    <EmailLayout lang={lang} preview={t(`email.interview.${kind}.subject`, { when })} libraryName={t("app.library")} footer={t(`email.interview.footer.${data.audience}`)} unsubscribe={unsubscribeLine(t, data)}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t(`email.interview.${kind}.${data.audience}`, { applicant: data.applicantName, interviewer: data.interviewerName, hours: data.leadHours })}</Text>
      <Section style={{ borderLeft: "4px solid #7a2e1d", paddingLeft: "12px" }}>
        <Text style={{ margin: "4px 0", fontWeight: 700, textDecoration: kind === "interview-cancel" ? "line-through" : "none" }}>{when}</Text>
        {data.previousStart && data.previousEnd ? <Text style={{ margin: "4px 0", color: "#52606d" }}>{t("email.shift.previously", { when: formatSpan(data.previousStart, data.previousEnd, data.zone, lang) })}</Text> : null}
        <Text style={{ margin: "4px 0" }}>{where}</Text>
        <Text style={{ margin: "4px 0", color: "#52606d" }}>{pick(data.address, lang)}</Text>
        {data.reason ? <MultilineText style={{ margin: "4px 0" }} text={t("email.shift.reason", { reason: data.reason })} /> : null}
      </Section>
      {kind === "interview-cancel" || kind === "interview-reminder" ? null : <Text>{t("email.interview.calendar")}</Text>}
      {(kind === "interview-invite" || kind === "interview-update") && data.cancel ? <InviteNote t={t} place={data.cancel.place} href={data.cancel.href} /> : null}
    </EmailLayout>
  );
}

export function interviewRenderer(kind: InterviewMessageKind) {
  return (t: TFunction, lang: string, data: InterviewMessageData): Promise<RenderedEmail> =>
    renderEmail(t(`email.interview.${kind}.subject`, { when: formatSpan(data.start, data.end, data.zone, lang) }), <InterviewEmail t={t} lang={lang} kind={kind} data={data} />);
}
