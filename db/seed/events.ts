// Demo programme: a month of reading events around "today" across the branches (BRIEF.md: weekend
// parent-child days, salons, talks, classics and poetry sharing, heritage reading, book swaps,
// digital training for seniors, school study tours, and thank-you courses for volunteers), with
// registrations by card holders and guests, full events with waitlists, school groups (accepted
// and waiting), check-ins and no-shows for past events, and feedback in every state. Generated
// from a fixed seed relative to the day of seeding; written directly (no one is emailed).
import crypto from "node:crypto";
import type { Insertable, Transaction } from "kysely";
import { DateTime } from "luxon";
import { expandWeekly } from "#app/lib/wall-time.ts";
import type { Database, EventAudience, EventKind, FeedbackTable, RegistrationTable } from "../schema.ts";
import type { Random } from "./random.ts";

interface Programme {
  branch: string;
  kind: EventKind;
  audience: EventAudience;
  title: [string, string];
  description: [string, string];
  weekdays: number[];
  start: string;
  end: string;
  capacity: number;
  maxParty: number;
  room?: string;
  place?: string;
  cardRequired?: boolean;
  partner?: string;
  /** Every n-th week only (1 = weekly). */
  every?: number;
  helpers?: number;
  accessibility?: [string, string];
}

const PROGRAMME: Programme[] = [
  { branch: "GL", kind: "parent-child", audience: "parent-child", title: ["周末亲子绘本日", "Weekend parent-child picture-book day"], description: ["家长和孩子一起读绘本、做小手工，志愿者讲故事。", "Parents and children read picture books together, with a volunteer storyteller and a small craft."], weekdays: [6, 7], start: "09:30", end: "11:00", capacity: 60, maxParty: 4, room: "children", helpers: 2 },
  { branch: "SE", kind: "parent-child", audience: "parent-child", title: ["亲子共读时光", "Reading together"], description: ["少儿分馆的亲子共读，适合 3–8 岁的孩子和家长。", "Shared reading for children aged 3–8 and their parents."], weekdays: [6, 7], start: "10:00", end: "11:30", capacity: 40, maxParty: 4, room: "parent-child" },
  { branch: "GL", kind: "salon", audience: "adults", title: ["书香文化沙龙", "Shuxiang cultural salon"], description: ["每周六下午的读书分享，本月主题：城市与记忆。", "Saturday afternoon book talk; this month: cities and memory."], weekdays: [6], start: "14:00", end: "16:00", capacity: 40, maxParty: 2, room: "salon" },
  { branch: "GL", kind: "lecture", audience: "everyone", title: ["徐州历史文化专题讲座", "Talk: the history and culture of Xuzhou"], description: ["地方文献专家主讲，现场可查阅馆藏地方志。", "By a local-history specialist, with the library's local gazetteers on show."], weekdays: [3], start: "14:30", end: "16:00", capacity: 80, maxParty: 2, room: "meeting", cardRequired: true, partner: "鼓楼区文化馆" },
  { branch: "GL", kind: "classics", audience: "adults", title: ["经典诵读分享会", "Classics reading circle"], description: ["一起朗读《论语》选段并交流心得。", "Reading passages of the Analects aloud together, and talking about them."], weekdays: [2], start: "10:00", end: "11:30", capacity: 30, maxParty: 1, room: "salon" },
  { branch: "GL", kind: "heritage", audience: "everyone", title: ["非遗阅读：徐州香包", "Heritage reading: Xuzhou sachets"], description: ["读非遗文献，看香包制作演示。", "Heritage texts and a demonstration of Xuzhou sachet making."], weekdays: [4], start: "14:00", end: "15:30", capacity: 20, maxParty: 2, room: "heritage" },
  { branch: "GL", kind: "digital", audience: "seniors", title: ["长者数字阅读课", "Digital reading for seniors"], description: ["手把手教用手机借阅电子书、听书。", "Step by step: borrowing e-books and audiobooks on a phone."], weekdays: [1], start: "10:00", end: "11:30", capacity: 24, maxParty: 1, room: "av", accessibility: ["提供大字版讲义和助听设备。", "Large-print handouts and hearing loops available."] },
  { branch: "GL", kind: "promotion", audience: "disabilities", title: ["无障碍阅读体验日", "Accessible reading day"], description: ["盲文图书与听书设备体验，志愿者全程协助。", "Try braille books and listening devices, with volunteers on hand."], weekdays: [5], start: "09:30", end: "11:00", capacity: 8, maxParty: 2, room: "special-needs", every: 2, accessibility: ["一楼无障碍通道直达；可预约接送协助。", "Step-free route on the ground floor; assistance on request."] },
  { branch: "GL", kind: "study-tour", audience: "school-groups", title: ["中小学生研学：走进图书馆", "School study tour: inside the library"], description: ["参观各楼层，了解图书分类和借阅，体验修书。", "A tour of every floor, how books are classified and lent, and a go at book repair."], weekdays: [2, 4], start: "09:00", end: "11:30", capacity: 350, maxParty: 1, place: "全馆（集合点：一楼大厅）", partner: "鼓楼区教育局", every: 2, helpers: 4 },
  { branch: "SE", kind: "craft", audience: "children", title: ["少儿剪纸手工课", "Paper-cutting for children"], description: ["跟老师学剪窗花。", "Learn to cut window flowers."], weekdays: [7], start: "14:00", end: "15:30", capacity: 20, maxParty: 2, room: "craft" },
  { branch: "SE", kind: "poetry", audience: "children", title: ["童诗分享会", "Children's poetry sharing"], description: ["读童诗、写童诗。", "Reading and writing children's poems."], weekdays: [3], start: "16:00", end: "17:00", capacity: 25, maxParty: 2, room: "picture-books" },
  { branch: "HC", kind: "digital", audience: "seniors", title: ["数字资源使用辅导", "Help with digital resources"], description: ["借阅 App、电子书和数据库的使用辅导。", "Help with the lending app, e-books and databases."], weekdays: [2], start: "09:30", end: "11:00", capacity: 20, maxParty: 1, room: "activity", partner: "环城街道办事处" },
  { branch: "FC", kind: "book-swap", audience: "everyone", title: ["图书交换集市", "Book-swap fair"], description: ["带一本好书，换一本好书。", "Bring a good book, take a good book."], weekdays: [6], start: "09:30", end: "11:30", capacity: 30, maxParty: 3, room: "reading", every: 2, partner: "丰财街道办事处" },
  { branch: "PL", kind: "salon", audience: "adults", title: ["牌楼周六读书会", "Pailou Saturday book club"], description: ["街坊读书会，本月共读《平凡的世界》。", "The neighbourhood book club; this month, Ordinary World."], weekdays: [6], start: "14:30", end: "16:30", capacity: 20, maxParty: 1, room: "activity" },
  { branch: "HL", kind: "promotion", audience: "everyone", title: ["全民阅读推广日", "Reading for all"], description: ["新书推荐、办证咨询和读者互动。", "New books, help with library cards, and readers' games."], weekdays: [6], start: "09:30", end: "11:30", capacity: 30, maxParty: 3, room: "activity", every: 2 },
  { branch: "TP", kind: "lecture", audience: "everyone", title: ["健康生活讲座", "Talk: living well"], description: ["社区医生讲季节养生。", "A community doctor on staying well through the season."], weekdays: [4], start: "14:30", end: "16:00", capacity: 20, maxParty: 2, room: "activity", every: 2 },
  { branch: "JL", kind: "essay", audience: "children", title: ["“我和图书馆”征文辅导", "Essay contest: me and the library"], description: ["征文写作辅导与作品点评。", "Help with writing and feedback on entries."], weekdays: [7], start: "09:30", end: "11:00", capacity: 20, maxParty: 2, room: "activity", every: 2 },
  { branch: "PP", kind: "classics", audience: "seniors", title: ["老年读者经典共读", "Classics for seniors"], description: ["慢慢读唐诗宋词。", "Tang and Song poetry, at an easy pace."], weekdays: [3], start: "14:30", end: "16:00", capacity: 20, maxParty: 1, room: "reading" },
  { branch: "GL", kind: "volunteer-course", audience: "volunteers", title: ["志愿者专享：剪纸艺术课", "For volunteers: paper-cutting"], description: ["感谢书香义工的付出，免费剪纸课。", "A free paper-cutting course to thank our volunteers."], weekdays: [5], start: "15:00", end: "16:30", capacity: 20, maxParty: 1, room: "meeting", every: 4 },
  { branch: "GL", kind: "safety-talk", audience: "volunteers", title: ["消防安全讲座", "Fire safety talk"], description: ["疏散路线与灭火器使用，志愿者必听。", "Evacuation routes and extinguishers: a must for volunteers."], weekdays: [1], start: "15:00", end: "16:00", capacity: 60, maxParty: 1, room: "meeting", every: 4 },
];

const FEEDBACK = [
  ["suggestion", 5, "活动很好，希望周末多开几场，孩子特别喜欢。"],
  ["suggestion", 4, "建议提前在公众号公布每月的活动安排。"],
  ["question", null, "请问研学活动可以个人报名吗？"],
  ["complaint", 2, "讲座现场音响有杂音，后排听不清。"],
  ["suggestion", 5, "志愿者讲故事讲得很生动，谢谢！"],
  ["question", null, "读者证丢了可以在分馆补办吗？"],
  ["complaint", 3, "活动室空调太冷。"],
  ["suggestion", 4, "希望增加适合老年人的大字版图书。"],
] as const;

const hash = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

export async function seedDemoEvents(trx: Transaction<Database>, random: Random, now: Date): Promise<void> {
  const zone = "Asia/Shanghai";
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const first = today.minus({ days: 14 }).toISODate()!;
  const last = today.plus({ days: 17 }).toISODate()!;
  const rooms = await trx.selectFrom("shuxiang.rooms").select(["id", "branch_code", "code"]).execute();
  const helpRole = await trx.selectFrom("shuxiang.roles").select("id").where("code", "=", "event-help").executeTakeFirst();
  const coordinator = await trx.selectFrom("shuxiang.staff").select("id").where("role", "=", "coordinator").orderBy("id").executeTakeFirst();
  const readers = await trx.selectFrom("library.readers").select(["id", "name", "email", "phone"]).where("status", "=", "active").orderBy("card_number").execute();
  const volunteers = await trx.selectFrom("shuxiang.volunteers").select(["id", "name", "email", "language"]).where("status", "=", "appointed").orderBy("id").execute();
  const margin = 30;
  let serial = 0;
  const feedbackRows: Array<Insertable<FeedbackTable>> = [];
  const pastAttended: Array<{ eventId: number; registrationId: number; branch: string; name: string; email: string | null }> = [];

  for (const p of PROGRAMME) {
    const series = expandWeekly({ startDate: first, weekdays: p.weekdays, untilDate: last }, p.start, p.end, zone);
    if (!series.ok) throw new Error(`demo programme ${p.title[1]}: ${series.error}`);
    const occurrences = series.occurrences.filter((_, i) => i % ((p.every ?? 1) * p.weekdays.length) < p.weekdays.length);
    const roomId = p.room ? rooms.find((r) => r.branch_code === p.branch && r.code === p.room)?.id ?? null : null;
    for (const o of occurrences) {
      const starts = o.start.toJSDate();
      const ends = o.end.toJSDate();
      const past = ends < now;
      // One salon is cancelled, to show what that looks like.
      const cancelled = p.kind === "salon" && p.branch === "GL" && !past && o.start.diff(today, "days").days > 7 && serial++ % 2 === 0;
      const ev = await trx
        .insertInto("shuxiang.events")
        .values({
          branch_code: p.branch, room_id: roomId, place: p.place ?? "", kind: p.kind, audience: p.audience,
          title_zh: p.title[0], title_en: p.title[1], description_zh: p.description[0], description_en: p.description[1],
          accessibility_zh: p.accessibility?.[0] ?? "", accessibility_en: p.accessibility?.[1] ?? "", partner: p.partner ?? "",
          local_date: o.localDate, starts_at: starts, ends_at: ends,
          blocked_from: o.start.minus({ minutes: margin }).toJSDate(), blocked_until: o.end.plus({ minutes: margin }).toJSDate(),
          capacity: p.capacity, max_party: p.maxParty, card_required: p.cardRequired ?? false,
          guests_allowed: p.audience !== "volunteers" && !p.cardRequired,
          registration_opens_at: o.start.minus({ days: 14 }).startOf("day").toJSDate(), registration_closes_at: o.start.minus({ hours: 1 }).toJSDate(),
          status: cancelled ? "cancelled" : "scheduled", cancelled_at: cancelled ? now : null, cancel_reason: cancelled ? "主讲嘉宾临时有事，活动改期。" : null,
          feedback_requested_at: past ? ends : null, created_by: coordinator?.id ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();

      if (p.helpers && helpRole && !cancelled) {
        await trx
          .insertInto("shuxiang.shifts")
          .values({ branch_code: p.branch, role_id: helpRole.id, event_id: ev.id, room_id: roomId, local_date: o.localDate, starts_at: o.start.minus({ minutes: margin }).toJSDate(), ends_at: o.end.plus({ minutes: margin }).toJSDate(), capacity: p.helpers, min_needed: p.helpers, notes: p.title[0], created_by: coordinator?.id ?? null })
          .execute();
      }
      if (cancelled) continue;

      // Registrations: popular weekend family days fill up and grow a waitlist.
      const popular = p.kind === "parent-child" && o.start.weekday === 6;
      const fill = p.audience === "school-groups" ? 0 : popular ? 1.15 : random.next() * 0.9 + 0.1;
      let registered = 0;
      let n = 0;
      const rows: Array<Insertable<RegistrationTable>> = [];
      if (p.audience === "school-groups") {
        // A tour brings a few classes: accepted groups, and one request still waiting.
        const schools = ["鼓楼区第一实验小学", "徐州市第三中学", "民主路小学", "求是中学"];
        for (let g = 0; g < random.int(2, 3); g++) {
          const head = random.int(40, 120);
          const confirmed = past || g < 2;
          if (confirmed && registered + head > p.capacity) break;
          if (confirmed) registered += head;
          rows.push({
            event_id: ev.id, kind: "group", name: `${random.pick(["陈", "李", "张", "刘"])}老师`, email: `teacher${ev.id}-${g}@school.example.cn`, phone: `139${String(random.int(10000000, 99999999))}`,
            language: "zh-CN", adults: 0, children: 0, places: head, school: random.pick(schools), class_name: `${random.int(3, 8)}年级（${random.int(1, 6)}）班`,
            status: confirmed ? "confirmed" : "requested", token_nonce: `demo-${ev.id}-${g}`, token_hash: hash(`demo-${ev.id}-${g}`), confirmed_at: confirmed ? o.start.minus({ days: 10 }).toJSDate() : null,
            checked_in_at: past && confirmed ? starts : null, checked_in_count: past && confirmed ? head - random.int(0, 3) : null,
          } satisfies Insertable<RegistrationTable>);
        }
      } else {
        const target = Math.round(p.capacity * fill);
        while (registered < target && n < 200) {
          n++;
          const isVolunteerEvent = p.audience === "volunteers";
          // Distinct people per event (one registration per card, and per volunteer).
          if (n > (isVolunteerEvent ? volunteers.length : readers.length)) break;
          const person = isVolunteerEvent ? volunteers[(ev.id * 7 + n) % volunteers.length] : readers[(ev.id * 13 + n * 7) % readers.length];
          const guest = !isVolunteerEvent && !p.cardRequired && random.chance(0.2);
          const children = p.maxParty > 1 && (p.audience === "parent-child" || p.audience === "children") ? random.int(1, Math.min(2, p.maxParty - 1)) : 0;
          const adults = p.maxParty > 1 && p.audience !== "children" ? Math.max(1, Math.min(p.maxParty - children, random.int(1, 2))) : children > 0 ? 1 : 1;
          const places = adults + children;
          const fits = registered + places <= p.capacity;
          if (!fits && !popular) break;
          if (fits) registered += places;
          const came = past && fits && random.chance(0.88);
          rows.push({
            event_id: ev.id, kind: "person", reader_id: isVolunteerEvent || guest ? null : person.id, volunteer_id: isVolunteerEvent ? person.id : null,
            name: person.name, email: person.email ?? `guest${ev.id}-${n}@example.com`, phone: "phone" in person ? person.phone : null,
            language: "language" in person ? person.language : "zh-CN", adults, children, places,
            status: fits ? "confirmed" : "waitlisted", token_nonce: `demo-${ev.id}-${n}`, token_hash: hash(`demo-${ev.id}-${n}`),
            confirmed_at: fits ? o.start.minus({ days: random.int(1, 12) }).toJSDate() : null,
            // On a full family day, some who are in came off the waitlist when others cancelled.
            waitlisted_at: !fits ? o.start.minus({ days: random.int(1, 5) }).toJSDate() : popular && random.chance(0.2) ? o.start.minus({ days: 13 }).toJSDate() : null,
            checked_in_at: came ? starts : null, checked_in_count: came ? places : null, no_show: past && fits && !came,
            feedback_requested_at: came ? ends : null,
          } satisfies Insertable<RegistrationTable>);
          if (popular && rows.filter((r) => r.status === "waitlisted").length >= 6) break;
        }
      }
      if (rows.length > 0) {
        const inserted = await trx.insertInto("shuxiang.registrations").values(rows).returning(["id", "checked_in_at", "name", "email", "kind"]).execute();
        for (const r of inserted) if (r.checked_in_at && r.kind === "person") pastAttended.push({ eventId: ev.id, registrationId: r.id, branch: p.branch, name: r.name, email: r.email });
      }
      if (registered > 0) await trx.updateTable("shuxiang.events").set({ registered }).where("id", "=", ev.id).execute();
    }
  }

  // Feedback from some who came, and from the suggestion box, in every state.
  FEEDBACK.forEach(([kind, rating, body], i) => {
    const from = i % 3 === 2 ? undefined : pastAttended[(i * 11) % Math.max(1, pastAttended.length)];
    const status = i % 4 === 0 ? "answered" : i % 4 === 1 ? "closed" : "new";
    feedbackRows.push({
      event_id: from?.eventId ?? null, registration_id: from?.registrationId ?? null, branch_code: from?.branch ?? (i % 2 === 0 ? "GL" : null),
      kind, rating, body, contact_name: from?.name ?? (i % 2 === 0 ? "读者" : null), contact_email: from?.email ?? null, language: "zh-CN", status,
      reply: status === "answered" ? "谢谢您的意见，我们已转给活动负责人，下月起改进。" : null, replied_by: status === "answered" ? coordinator?.id ?? null : null,
      replied_at: status === "answered" ? today.minus({ days: i }).toJSDate() : null, created_at: today.minus({ days: 3 + i }).toJSDate(),
    } satisfies Insertable<FeedbackTable>);
  });
  if (feedbackRows.length > 0) await trx.insertInto("shuxiang.feedback").values(feedbackRows).execute();
}
