// What leaves the app in an email is the text it was given: every template, in both languages,
// with names, titles and notes of many lengths (the old streaming render put NUL bytes into Chinese
// text depending on where a character fell against its 2 KB buffer, so lengths matter).
import { describe, expect, it } from "vitest";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { renderTemplate, templates, type TemplateName } from "#emails/index.ts";
import { cjk } from "#tests/support/text.ts";

const when = { start: "2026-12-05T02:00:00.000Z", end: "2026-12-05T03:30:00.000Z", zone: "Asia/Shanghai", previousStart: "2026-12-05T03:00:00.000Z", previousEnd: "2026-12-05T04:30:00.000Z" };
const localized = (s: string) => ({ zh: s, en: `${s} (en)` });

function shift(s: string) {
  return { name: s, role: localized(s), branch: localized(s), room: localized(s), address: localized(s), ...when, notes: `${s}\n${s}`, reason: s, leadHours: 24, needed: 3, url: "https://library.example/volunteer/shifts/1" };
}
function event(s: string) {
  return { name: s, title: localized(s), branch: localized(s), place: localized(s), address: localized(s), ...when, places: 3, position: 2, reason: s, leadHours: 24, accessibility: localized(s), link: "https://library.example/events/registration/abc" };
}
function interview(s: string) {
  return { name: s, audience: "applicant" as const, applicantName: s, interviewerName: s, branch: localized(s), place: s, address: localized(s), ...when, reason: s, leadHours: 24 };
}
function training(s: string) {
  return { name: s, training: localized(s), branch: localized(s), place: s, address: localized(s), trainer: s, ...when, reason: s, link: "https://library.example/volunteer" };
}
function application(s: string) {
  return { name: s, status: "interview", url: "https://library.example/volunteer/profile", minor: true, volunteerNumber: "GL-0001", note: s };
}
function staff(s: string) {
  return { name: s, role: "coordinator", invitedBy: s, link: "https://library.example/staff/password/abc", hours: 48 };
}

/** Data for every template: a new template fails the typecheck here until it is covered. */
const dataFor: Record<TemplateName, (s: string) => unknown> = {
  "sign-in-code": (s) => ({ name: s, code: "042137", link: "https://library.example/volunteer/sign-in/link/abc" }),
  "shift-booked": shift,
  "shift-promoted": shift,
  "shift-changed": shift,
  "shift-cancelled": shift,
  "shift-removed": shift,
  "booking-cancelled": shift,
  "shift-reminder": shift,
  "call-for-help": shift,
  "shift-message": (s: string) => ({ ...shift(s), note: s }),
  "application-received": application,
  "application-update": application,
  appointment: application,
  "interview-invite": interview,
  "interview-update": interview,
  "interview-cancel": interview,
  "interview-reminder": interview,
  "training-invite": training,
  "training-cancel": training,
  "training-waitlist": training,
  "event-registered": event,
  "event-waitlisted": event,
  "event-promoted": event,
  "event-changed": event,
  "event-cancelled": event,
  "event-registration-cancelled": event,
  "event-reminder": event,
  "group-requested": event,
  "group-declined": event,
  "feedback-request": event,
  "feedback-reply": (s) => ({ name: s, original: s, reply: s }),
  "staff-invite": staff,
  "staff-password-reset": staff,
  "staff-account-locked": (s) => ({ name: s, minutes: 15, ip: "203.0.113.9", until: "2026-12-05T02:15:00.000Z", zone: "Asia/Shanghai" }),
  "record-correction": (s) => ({ name: s, decision: "declined", date: "2026-11-20", hours: "3.0", reason: s, link: "https://library.example/volunteer/hours" }),
};

// 1 to 300 characters: every length up to 40, then a spread with both neighbours of each.
const LENGTHS = [...Array.from({ length: 40 }, (_, i) => i + 1), ...[63, 64, 65, 99, 100, 101, 127, 128, 129, 170, 199, 200, 201, 255, 256, 257, 299, 300]];

/** The UTF-8 bytes a part would travel as, decoded strictly: a broken sequence throws. */
function roundTrip(part: string): string {
  return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(part, "utf8"));
}

describe("email bytes", () => {
  it("every template in zh-CN and en, with texts of 1 to 300 CJK characters, has no NUL, no U+FFFD and valid UTF-8 in subject, HTML and text", async () => {
    expect(Object.keys(dataFor).sort()).toEqual(Object.keys(templates).sort());
    const bad: string[] = [];
    let rendered = 0;
    for (const lang of ["zh-CN", "en"] as const) {
      const t = await getFixedT(lang);
      for (const name of Object.keys(dataFor) as TemplateName[]) {
        for (const length of LENGTHS) {
          const text = cjk(length, length);
          const mail = await renderTemplate(name, t, lang, dataFor[name](text));
          rendered++;
          for (const [part, value] of Object.entries(mail)) {
            if (/[\u0000\uFFFD]/.test(value) || roundTrip(value) !== value) bad.push(`${name} ${lang} ${length} ${part}`);
          }
          // The text reached the message whole (names are in every template).
          if (!mail.html.includes(text.slice(0, Math.min(length, 10)))) bad.push(`${name} ${lang} ${length} lost its text`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(rendered).toBe(2 * Object.keys(templates).length * LENGTHS.length);
  }, 60_000);
});
