import { plainTextSelectors as reactEmailSelectors, render } from "@react-email/render";
import { describe, expect, it } from "vitest";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { renderTemplate } from "#emails/index.ts";
import { plainTextSelectors, renderEmail } from "#emails/render.ts";
import { SignInCodeEmail } from "#emails/sign-in-code.tsx";

describe("email rendering", () => {
  it("converts to plain text with react-email's own selectors (kept here so its render package is not loaded at run time)", () => {
    expect(plainTextSelectors).toEqual(reactEmailSelectors);
  });

  it("derives the plain-text part exactly as react-email's own plain-text render does", async () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const t = await getFixedT(lang);
      const element = <SignInCodeEmail t={t} lang={lang} data={{ name: "陈晓", code: "042137", link: "https://library.example/volunteer/sign-in/link/abc" }} />;
      const rendered = await renderEmail("subject", element);
      expect(rendered.text).toBe(await render(element, { plainText: true }));
      expect(rendered.html).toContain(`lang="${lang}"`);
      expect(rendered.text).toContain("042137");
      expect(rendered.text).toContain("https://library.example/volunteer/sign-in/link/abc");
    }
  });
});

describe("shift messages", () => {
  const data = {
    name: "陈晓",
    role: { zh: "图书整架", en: "Shelving books" },
    branch: { zh: "鼓楼图书馆", en: "Gulou Library" },
    room: { zh: "读者接待台", en: "Reader reception desk" },
    address: { zh: "鼓楼区中山北路 1 号", en: "1 Zhongshan North Road" },
    start: "2026-03-14T14:00:00.000Z",
    end: "2026-03-14T16:00:00.000Z",
    zone: "America/New_York",
    previousStart: "2026-03-14T15:00:00.000Z",
    previousEnd: "2026-03-14T17:00:00.000Z",
    notes: "",
    reason: "馆内停电检修",
    url: "https://library.example/volunteer/schedule",
  };

  it("has a subject, wall times in the branch's zone and a footer in each language", async () => {
    const zh = await renderTemplate("shift-changed", await getFixedT("zh-CN"), "zh-CN", data);
    expect(zh.subject).toMatch(/^班次变更：图书整架，2026年3月14日.*10:00–12:00$/);
    expect(zh.text).toContain("原定时间：");
    expect(zh.text).toContain("11:00–13:00");
    expect(zh.text).toContain("您收到这封邮件，是因为您是书香的志愿者");
    const en = await renderTemplate("shift-changed", await getFixedT("en"), "en", data);
    expect(en.subject).toMatch(/^Shift changed: Shelving books, .*March 14, 2026 10:00–12:00$/);
    expect(en.text).toContain("Reader reception desk");
    expect(en.text).toContain("You are receiving this email because you volunteer with Shuxiang");
  });

  it("every shift message renders in both languages with its own subject", async () => {
    const kinds = ["shift-booked", "shift-promoted", "shift-changed", "shift-cancelled", "shift-removed", "booking-cancelled", "shift-reminder"] as const;
    for (const lang of ["zh-CN", "en"] as const) {
      const t = await getFixedT(lang);
      const subjects = await Promise.all(kinds.map(async (k) => (await renderTemplate(k, t, lang, data)).subject));
      expect(new Set(subjects).size).toBe(kinds.length);
      for (const s of subjects) expect(s).not.toMatch(/email\.|\{\{/);
    }
    const cancelled = await renderTemplate("shift-cancelled", await getFixedT("zh-CN"), "zh-CN", data);
    expect(cancelled.text).toContain("原因：馆内停电检修");
  });
});

describe("training messages", () => {
  const data = {
    name: "Amy Wu",
    training: { zh: "图书修复培训", en: "Book repair training" },
    branch: { zh: "鼓楼图书馆", en: "Gulou Library" },
    place: "多功能会议室",
    address: { zh: "鼓楼区中山北路 1 号", en: "1 Zhongshan North Road" },
    trainer: "王老师",
    start: "2026-12-05T06:00:00.000Z",
    end: "2026-12-05T08:30:00.000Z",
    zone: "Asia/Shanghai",
    reason: "讲师生病",
    link: "https://library.example/volunteer",
  };

  it("invite and cancellation render in both languages with the wall time, trainer and why the person gets them", async () => {
    const zh = await renderTemplate("training-invite", await getFixedT("zh-CN"), "zh-CN", data);
    expect(zh.subject).toMatch(/^培训通知：图书修复培训，2026年12月5日.*14:00–16:30$/);
    expect(zh.text).toContain("培训老师：王老师");
    expect(zh.text).toContain("协调员为您报名了图书馆志愿者培训");
    const en = await renderTemplate("training-cancel", await getFixedT("en"), "en", data);
    expect(en.subject).toMatch(/^Training cancelled: Book repair training, .*December 5, 2026 14:00–16:30$/);
    expect(en.text).toContain("Reason");
    expect(en.text).not.toMatch(/email\.|\{\{/);
  });
});

describe("event messages", () => {
  const data = {
    name: "王芳",
    title: { zh: "周末亲子绘本日", en: "Weekend parent-child picture-book day" },
    branch: { zh: "少儿分馆", en: "Children's Branch" },
    place: { zh: "亲子阅读室", en: "Parent-child reading room" },
    address: { zh: "中山北路 90 号", en: "90 Zhongshan North Road" },
    start: "2026-12-05T02:00:00.000Z",
    end: "2026-12-05T03:30:00.000Z",
    zone: "Asia/Shanghai",
    places: 3,
    position: 2,
    leadHours: 24,
    link: "https://library.example/events/registration/abc",
  };
  const kinds = ["event-registered", "event-waitlisted", "event-promoted", "event-changed", "event-cancelled", "event-registration-cancelled", "event-reminder", "group-requested", "group-declined", "feedback-request"] as const;

  it("every event message renders in both languages with its own subject, the branch's wall time, the link and why the person gets it", async () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const t = await getFixedT(lang);
      const subjects = new Set<string>();
      for (const kind of kinds) {
        const mail = await renderTemplate(kind, t, lang, data);
        subjects.add(mail.subject);
        expect(mail.text, kind).toContain("10:00–11:30");
        expect(mail.text, kind).toContain("https://library.example/events/registration/abc");
        expect(mail.text, kind).not.toMatch(/email\.event\./);
        expect(mail.text, kind).toContain(lang === "en" ? "Children's Branch" : "少儿分馆");
      }
      expect(subjects.size).toBe(kinds.length);
    }
    const zh = await renderTemplate("event-waitlisted", await getFixedT("zh-CN"), "zh-CN", data);
    expect(zh.subject).toBe("已加入候补：周末亲子绘本日，2026年12月5日周六 10:00–11:30");
    expect(zh.text).toContain("候补名单第 2 位");
    const en = await renderTemplate("event-registered", await getFixedT("en"), "en", data);
    expect(en.text).toContain("3 places");
    expect(en.text).toContain("You get this email because this address was used to register");
  });

  it("a feedback reply quotes what the reader wrote", async () => {
    const mail = await renderTemplate("feedback-reply", await getFixedT("zh-CN"), "zh-CN", { name: "李华", original: "空调太冷", reply: "已调高温度，谢谢。" });
    expect(mail.subject).toBe("图书馆回复了您的意见");
    expect(mail.text).toContain("空调太冷");
    expect(mail.text).toContain("已调高温度，谢谢。");
  });
});

describe("what coordinators type, in both parts", () => {
  const shift = {
    name: "陈晓",
    role: { zh: "图书整架", en: "Shelving books" },
    branch: { zh: "鼓楼图书馆", en: "Gulou Library" },
    room: null,
    address: { zh: "鼓楼区中山北路 1 号", en: "1 Zhongshan North Road" },
    start: "2026-03-14T02:00:00.000Z",
    end: "2026-03-14T04:00:00.000Z",
    zone: "Asia/Shanghai",
    notes: "从东门进\n<b>带上工作证</b> & 水杯\n\n午饭自理",
    url: "https://library.example/volunteer/schedule",
  };

  it("keeps the line breaks of shift notes: <br/> in the HTML (escaped), newlines in the text", async () => {
    const mail = await renderTemplate("shift-booked", await getFixedT("zh-CN"), "zh-CN", shift);
    expect(mail.html).toContain("从东门进<br/>&lt;b&gt;带上工作证&lt;/b&gt; &amp; 水杯<br/><br/>午饭自理");
    expect(mail.text).toContain("从东门进\n<b>带上工作证</b> & 水杯\n\n午饭自理");
  });

  it("shows an event's description in the reader's language with its line breaks, and counts places in English", async () => {
    const event = {
      name: "Amy Wu",
      title: { zh: "周末亲子绘本日", en: "Picture-book day" },
      branch: { zh: "少儿分馆", en: "Children's Branch" },
      place: { zh: "亲子阅读室", en: "Reading room" },
      address: { zh: "中山北路 90 号", en: "90 Zhongshan North Road" },
      start: "2026-12-05T02:00:00.000Z",
      end: "2026-12-05T03:30:00.000Z",
      zone: "Asia/Shanghai",
      places: 1,
      description: { zh: "第一部分：共读\n第二部分：手工", en: "Part one: reading together\nPart two: crafts" },
      link: "https://library.example/events/registration/abc",
    };
    const one = await renderTemplate("event-registered", await getFixedT("en"), "en", event);
    expect(one.text).toContain("1 place:");
    expect(one.text).not.toContain("1 places");
    expect(one.text).toContain("Part one: reading together\nPart two: crafts");
    expect(one.html).toContain("Part one: reading together<br/>Part two: crafts");
    const two = await renderTemplate("event-promoted", await getFixedT("en"), "en", { ...event, places: 2 });
    expect(two.text).toContain("2 places:");
    const zh = await renderTemplate("event-registered", await getFixedT("zh-CN"), "zh-CN", event);
    expect(zh.text).toContain("第一部分：共读\n第二部分：手工");
  });

  it("says 1 hour, not 1 hours, in an English reminder", async () => {
    const mail = await renderTemplate("shift-reminder", await getFixedT("en"), "en", { ...shift, leadHours: 1 });
    expect(mail.text).toContain("in 1 hour you have");
    const later = await renderTemplate("shift-reminder", await getFixedT("en"), "en", { ...shift, leadHours: 24 });
    expect(later.text).toContain("in 24 hours you have");
  });

  it("puts the unsubscribe link in the footer of a message that has one", async () => {
    const url = "https://library.example/unsubscribe/help.v7.x";
    const help = await renderTemplate("call-for-help", await getFixedT("en"), "en", { ...shift, needed: 1, unsubscribe: { kind: "help", volunteerId: 7 }, unsubscribeUrl: url });
    expect(help.html).toContain(`href="${url}"`);
    expect(help.text).toContain("Stop calls for help");
    const booked = await renderTemplate("shift-booked", await getFixedT("en"), "en", shift);
    expect(booked.html).not.toContain("/unsubscribe/");
  });
});
