// Every message the app sends, by name. A template renders subject, HTML and text from its data in
// the recipient's language; `secretFields` are wiped from the stored data once the message has gone.
import type { TFunction } from "i18next";
import type { RenderedEmail } from "./render.ts";
import { applicationRenderer, type ApplicationMessageData } from "./application.tsx";
import { interviewRenderer, type InterviewMessageData } from "./interview.tsx";
import { eventRenderer, renderFeedbackReply, type EventMessageData, type FeedbackReplyData } from "./event.tsx";
import { renderAccountLocked, staffRenderer, type AccountLockedData, type StaffMessageData } from "./staff.tsx";
import { trainingRenderer, type TrainingMessageData } from "./training.tsx";
import { shiftRenderer, type ShiftMessageData } from "./shift.tsx";
import { renderSignInCode, type SignInCodeData } from "./sign-in-code.tsx";
import { renderCorrectionDecision, type CorrectionDecisionData } from "./records.tsx";

interface Template<D> {
  render(t: TFunction, lang: string, data: D): Promise<RenderedEmail>;
  secretFields?: ReadonlyArray<keyof D & string>;
}

export const templates = {
  "sign-in-code": { render: renderSignInCode, secretFields: ["code", "link"] } satisfies Template<SignInCodeData>,
  "shift-booked": { render: shiftRenderer("shift-booked") } satisfies Template<ShiftMessageData>,
  "shift-promoted": { render: shiftRenderer("shift-promoted") } satisfies Template<ShiftMessageData>,
  "shift-changed": { render: shiftRenderer("shift-changed") } satisfies Template<ShiftMessageData>,
  "shift-cancelled": { render: shiftRenderer("shift-cancelled") } satisfies Template<ShiftMessageData>,
  "shift-removed": { render: shiftRenderer("shift-removed") } satisfies Template<ShiftMessageData>,
  "booking-cancelled": { render: shiftRenderer("booking-cancelled") } satisfies Template<ShiftMessageData>,
  "shift-reminder": { render: shiftRenderer("shift-reminder") } satisfies Template<ShiftMessageData>,
  "call-for-help": { render: shiftRenderer("call-for-help") } satisfies Template<ShiftMessageData>,
  "shift-message": { render: shiftRenderer("shift-message") } satisfies Template<ShiftMessageData>,
  "application-received": { render: applicationRenderer("application-received") } satisfies Template<ApplicationMessageData>,
  "application-update": { render: applicationRenderer("application-update") } satisfies Template<ApplicationMessageData>,
  appointment: { render: applicationRenderer("appointment") } satisfies Template<ApplicationMessageData>,
  "interview-invite": { render: interviewRenderer("interview-invite") } satisfies Template<InterviewMessageData>,
  "interview-update": { render: interviewRenderer("interview-update") } satisfies Template<InterviewMessageData>,
  "interview-cancel": { render: interviewRenderer("interview-cancel") } satisfies Template<InterviewMessageData>,
  "interview-reminder": { render: interviewRenderer("interview-reminder") } satisfies Template<InterviewMessageData>,
  "training-invite": { render: trainingRenderer("training-invite") } satisfies Template<TrainingMessageData>,
  "training-cancel": { render: trainingRenderer("training-cancel") } satisfies Template<TrainingMessageData>,
  "training-waitlist": { render: trainingRenderer("training-waitlist") } satisfies Template<TrainingMessageData>,
  "event-registered": { render: eventRenderer("event-registered"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "event-waitlisted": { render: eventRenderer("event-waitlisted"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "event-promoted": { render: eventRenderer("event-promoted"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "event-changed": { render: eventRenderer("event-changed"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "event-cancelled": { render: eventRenderer("event-cancelled"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "event-registration-cancelled": { render: eventRenderer("event-registration-cancelled"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "event-reminder": { render: eventRenderer("event-reminder"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "group-requested": { render: eventRenderer("group-requested"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "group-declined": { render: eventRenderer("group-declined"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "feedback-request": { render: eventRenderer("feedback-request"), secretFields: ["link"] } satisfies Template<EventMessageData>,
  "feedback-reply": { render: renderFeedbackReply } satisfies Template<FeedbackReplyData>,
  "staff-invite": { render: staffRenderer("staff-invite"), secretFields: ["link"] } satisfies Template<StaffMessageData>,
  "staff-password-reset": { render: staffRenderer("staff-password-reset"), secretFields: ["link"] } satisfies Template<StaffMessageData>,
  "staff-account-locked": { render: renderAccountLocked } satisfies Template<AccountLockedData>,
  "record-correction": { render: renderCorrectionDecision } satisfies Template<CorrectionDecisionData>,
};

export type TemplateName = keyof typeof templates;
export type TemplateData<N extends TemplateName> = Parameters<(typeof templates)[N]["render"]>[2];

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

type StoredTemplate = { render(t: TFunction, lang: string, data: unknown): Promise<RenderedEmail>; secretFields?: readonly string[] };

/** Renders stored data; the data was typed when the message was written (see queueMessage). */
export function renderTemplate(name: TemplateName, t: TFunction, lang: string, data: unknown): Promise<RenderedEmail> {
  return (templates[name] as unknown as StoredTemplate).render(t, lang, data);
}

export function secretFieldsOf(name: string): readonly string[] {
  return isTemplateName(name) ? ((templates[name] as unknown as StoredTemplate).secretFields ?? []) : [];
}
