// The ORGANIZER of an invite is the branch's volunteer desk, so a reply from a calendar app reaches
// someone who reads it; there is no no-reply fallback.
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { deskInvite } from "#app/modules/calendar/venue.server.ts";
import { shiftCalendarItem, type BookingCalendarRow } from "#app/modules/shifts/notify.server.ts";

const booking: BookingCalendarRow = {
  booking_id: 7,
  shift_id: 42,
  sequence: 3,
  status: "confirmed",
  starts_at: new Date("2026-12-05T01:00:00Z"),
  ends_at: new Date("2026-12-05T04:00:00Z"),
  notes: "",
  role_zh: "图书整架",
  role_en: "Shelving",
  volunteer_id: 1,
  volunteer_name: "陈晓",
  volunteer_email: "volunteer01@example.com",
  language: "zh-CN",
  timezone: "Asia/Shanghai",
  branch_zh: "鼓楼图书馆",
  branch_en: "Gulou Library",
  address_zh: "中山北路 88 号",
  address_en: "88 Zhongshan North Road",
  room_zh: null,
  room_en: null,
  desk_email: "gulou.desk@shuxiang.example",
};
const base = new URL("https://shuxiang.example");

describe("invite organizer", () => {
  it("is the branch's volunteer desk address, named after the branch in the person's language", () => {
    const invite = deskInvite(shiftCalendarItem(booking, base.hostname, base, false))!;
    const vevent = new ICAL.Component(ICAL.parse(invite.ics)).getFirstSubcomponent("vevent")!;
    const organizer = vevent.getFirstProperty("organizer")!;
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe("mailto:gulou.desk@shuxiang.example");
    expect(organizer.getParameter("cn")).toBe("鼓楼图书馆志愿者服务台");
    expect(invite.method).toBe("REQUEST");
  });

  it("is never a made-up address: an item of a branch without a desk address gets no invite at all", () => {
    const item = shiftCalendarItem({ ...booking, desk_email: null }, base.hostname, base, false);
    expect(item.organizer).toBeNull();
    expect(deskInvite(item)).toBeUndefined();
  });
});
