// Messages about one reader's registration for a reading event (and the feedback that follows it),
// in the reader's language. The calendar invite (UID registration-<id>) rides on the messages that
// put the event into, move it in, or take it out of their calendar.
import { Button } from "@react-email/button";
import { Section } from "@react-email/section";
import { Text } from "@react-email/text";
import type { TFunction } from "i18next";
import { InviteNote } from "./components/invite-note.tsx";
import { EmailLayout, unsubscribeLine, type Unsubscribable } from "./components/layout.tsx";
import { MultilineText } from "./components/multiline.tsx";
import { renderEmail, type RenderedEmail } from "./render.ts";
import { formatSpan, pick, type Localized } from "./shift.tsx";

export const EVENT_MESSAGE_KINDS = [
  "event-registered",
  "event-waitlisted",
  "event-promoted",
  "event-changed",
  "event-cancelled",
  "event-registration-cancelled",
  "event-reminder",
  "group-requested",
  "group-declined",
  "feedback-request",
] as const;
export type EventMessageKind = (typeof EVENT_MESSAGE_KINDS)[number];

/** Messages that take the event out of the person's calendar. */
export const EVENT_CANCELLING: ReadonlySet<EventMessageKind> = new Set(["event-cancelled", "event-registration-cancelled", "group-declined"]);

export interface EventMessageData extends Unsubscribable {
  name: string;
  title: Localized;
  branch: Localized;
  place: Localized;
  address: Localized;
  start: string;
  end: string;
  zone: string;
  previousStart?: string;
  previousEnd?: string;
  /** People or, for a school group, pupils and teachers. */
  places: number;
  position?: number;
  reason?: string | null;
  leadHours?: number;
  accessibility?: Localized;
  /** What the event is, as the coordinator wrote it (line breaks kept). */
  description?: Localized;
  /** The private link to view, change or cancel (a capability: wiped once sent). */
  link: string;
  /** False when no calendar invite rides along (people waiting or whose group awaits a decision). */
  invite?: boolean;
}

function EventEmail({ t, lang, kind, data }: { t: TFunction; lang: string; kind: EventMessageKind; data: EventMessageData }) {
  const when = formatSpan(data.start, data.end, data.zone, lang);
  const title = pick(data.title, lang);
  const where = [pick(data.branch, lang), pick(data.place, lang)].filter(Boolean).join(" · ");
  const struck = EVENT_CANCELLING.has(kind);
  const accessibility = data.accessibility ? pick(data.accessibility, lang) : "";
  const description = data.description ? pick(data.description, lang) : "";
  return (
    <EmailLayout lang={lang} preview={t(`email.event.${kind}.subject`, { title, when })} libraryName={t("app.library")} footer={t(kind === "feedback-request" ? "email.event.footerFeedback" : "email.event.footer")} unsubscribe={unsubscribeLine(t, data)}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t(`email.event.${kind}.body`, { title, places: data.places, position: data.position, hours: data.leadHours })}</Text>
      <Section style={{ borderLeft: "4px solid #7a2e1d", paddingLeft: "12px" }}>
        <Text style={{ margin: "4px 0", fontWeight: 700, textDecoration: struck ? "line-through" : "none" }}>{when}</Text>
        {data.previousStart && data.previousEnd ? (
          <Text style={{ margin: "4px 0", color: "#52606d" }}>{t("email.shift.previously", { when: formatSpan(data.previousStart, data.previousEnd, data.zone, lang) })}</Text>
        ) : null}
        <Text style={{ margin: "4px 0" }}>{where}</Text>
        <Text style={{ margin: "4px 0", color: "#52606d" }}>{pick(data.address, lang)}</Text>
        {kind !== "feedback-request" ? <Text style={{ margin: "4px 0" }}>{t("email.event.places", { count: data.places })}</Text> : null}
        {accessibility ? <MultilineText style={{ margin: "4px 0" }} text={t("email.event.accessibility", { text: accessibility })} /> : null}
        {data.reason ? <MultilineText style={{ margin: "4px 0" }} text={t("email.shift.reason", { reason: data.reason })} /> : null}
      </Section>
      {description && kind !== "feedback-request" ? <MultilineText text={description} /> : null}
      {(kind === "event-registered" || kind === "event-promoted" || kind === "event-changed") && data.invite !== false ? (
        <>
          <Text>{t("email.event.calendar")}</Text>
          <InviteNote t={t} place="registration" href={data.link} />
        </>
      ) : null}
      <Button href={data.link} style={{ backgroundColor: "#7a2e1d", color: "#ffffff", padding: "10px 18px", borderRadius: "4px" }}>
        {t(kind === "feedback-request" ? "email.event.giveFeedback" : "email.event.manage")}
      </Button>
      {kind === "feedback-request" ? null : <Text style={{ fontSize: "12px", color: "#52606d" }}>{t("email.event.linkPrivate")}</Text>}
    </EmailLayout>
  );
}

export function eventRenderer(kind: EventMessageKind) {
  return (t: TFunction, lang: string, data: EventMessageData): Promise<RenderedEmail> =>
    renderEmail(t(`email.event.${kind}.subject`, { title: pick(data.title, lang), when: formatSpan(data.start, data.end, data.zone, lang) }), <EventEmail t={t} lang={lang} kind={kind} data={data} />);
}

export interface FeedbackReplyData {
  name: string;
  original: string;
  reply: string;
}

function FeedbackReplyEmail({ t, lang, data }: { t: TFunction; lang: string; data: FeedbackReplyData }) {
  return (
    <EmailLayout lang={lang} preview={t("email.feedbackReply.subject")} libraryName={t("app.library")} footer={t("email.feedbackReply.footer")}>
      <Text>{t("email.greeting", { name: data.name })}</Text>
      <Text>{t("email.feedbackReply.body")}</Text>
      <Section style={{ borderLeft: "4px solid #d9d4c7", paddingLeft: "12px", color: "#52606d" }}>
        <MultilineText style={{ margin: "4px 0" }} text={data.original} />
      </Section>
      <MultilineText text={data.reply} />
    </EmailLayout>
  );
}

export function renderFeedbackReply(t: TFunction, lang: string, data: FeedbackReplyData): Promise<RenderedEmail> {
  return renderEmail(t("email.feedbackReply.subject"), <FeedbackReplyEmail t={t} lang={lang} data={data} />);
}
