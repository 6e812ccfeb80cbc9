// Training invite and cancellation, to the trainee in their language, with the calendar invite
// (UID training-<session>, the enrolment's rising SEQUENCE).
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { InviteNote, type CancelPlace } from "./components/invite-note.tsx";
import { EmailLayout } from "./components/layout.tsx";
import { MultilineText } from "./components/multiline.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";
import { formatSpan, pick, type Localized } from "./shift.tsx";

export const TRAINING_MESSAGE_KINDS = ["training-invite", "training-cancel", "training-waitlist"] as const;
export type TrainingMessageKind = (typeof TRAINING_MESSAGE_KINDS)[number];

export interface TrainingMessageData {
  name: string;
  training: Localized;
  branch: Localized;
  place: string;
  address: Localized;
  trainer: string;
  start: string;
  end: string;
  zone: string;
  reason?: string;
  link: string;
  /** Where the trainee cancels (the branch's desk); absent when no invite rides along. */
  cancel?: { place: CancelPlace; href: string };
  /** Only on the waitlist: a cancellation has no invite to take out of their calendar. */
  waiting?: boolean;
}

function TrainingEmail({ t, lang, kind, data }: { t: TFunction; lang: string; kind: TrainingMessageKind; data: TrainingMessageData }) {
  const when = formatSpan(data.start, data.end, data.zone, lang);
  const training = pick(data.training, lang);
  const where = [pick(data.branch, lang), data.place].filter(Boolean).join(" · ");
  return (
    <EmailLayout lang={lang} preview={t(`email.training.${kind}.subject`, { training, when })} libraryName={t("app.library")} footer={t("email.training.footer")}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t(kind === "training-cancel" && data.waiting ? "email.training.training-cancel.waiting" : `email.training.${kind}.body`, { training })}</Text>
      <Section style={{ borderLeft: "4px solid #7a2e1d", paddingLeft: "12px" }}>
        <Text style={{ margin: "4px 0", fontWeight: 700, textDecoration: kind === "training-cancel" ? "line-through" : "none" }}>{when}</Text>
        <Text style={{ margin: "4px 0" }}>{where}</Text>
        <Text style={{ margin: "4px 0", color: "#52606d" }}>{pick(data.address, lang)}</Text>
        {data.trainer ? <Text style={{ margin: "4px 0" }}>{t("email.training.trainer", { trainer: data.trainer })}</Text> : null}
        {data.reason ? <MultilineText style={{ margin: "4px 0" }} text={t("email.shift.reason", { reason: data.reason })} /> : null}
      </Section>
      {kind === "training-invite" ? <Text>{t("email.training.calendar")}</Text> : null}
      {kind === "training-invite" && data.cancel ? <InviteNote t={t} place={data.cancel.place} href={data.cancel.href} /> : null}
    </EmailLayout>
  );
}

export function trainingRenderer(kind: TrainingMessageKind) {
  return (t: TFunction, lang: string, data: TrainingMessageData): Promise<RenderedEmail> =>
    renderEmail(
      t(`email.training.${kind}.subject`, { training: pick(data.training, lang), when: formatSpan(data.start, data.end, data.zone, lang) }),
      <TrainingEmail t={t} lang={lang} kind={kind} data={data} />,
    );
}
