// Service records on real PostgreSQL: attendance writes the record with every field the rules
// name, corrections add revisions (never an overwrite, never a delete), a volunteer's correction
// request is decided by a coordinator of the branch and emailed, anonymisation keeps the records.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { adjustHours, checkIn, checkOut } from "#app/modules/shifts/attendance.server.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { evaluateRecord, listRecords, myHours, recordHistory } from "#app/modules/records/records.server.ts";
import { correctionDecisionSchema, correctionRequestSchema, decideCorrection, listCorrections, requestCorrection } from "#app/modules/records/corrections.server.ts";
import { anonymiseVolunteer } from "#app/modules/volunteers/profile.server.ts";
import { findCertificate, idDocumentSchema, issueCertificate, maskName, revokeCertificate, setIdDocument } from "#app/modules/records/certificates.server.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";
import { recipients, startSmtpServer, type TestSmtpServer } from "#tests/support/smtp.ts";
import { demoStaff } from "#tests/support/staff.ts";
import { readSheet } from "read-excel-file/node";
import { EXPORT_COLUMNS, recordsTable, toCsv, toXlsx } from "#app/modules/records/export.server.ts";
import { getFixedT } from "#app/i18n/i18n.server.ts";
import { buildReport, scopeOf, volunteerFigures } from "#app/modules/reports/reports.server.ts";
import { reportTables } from "#app/modules/reports/tables.ts";
import { formatHours } from "#app/lib/time.ts";
import { searchVolunteers } from "#app/modules/volunteers/directory.server.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let smtp: TestSmtpServer;
let gulouCoordinator: StaffUser;
let streetsCoordinator: StaffUser;
let desk: StaffUser;
let shelving: number;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startSmtpServer();
  services = await startTestServices(t, { SMTP_URL: smtp.url });
  deps = appDeps(services);
  const staff = await demoStaff(t.db);
  gulouCoordinator = staff("coord.gulou@shuxiang.example", ["GL"]);
  streetsCoordinator = staff("coord.streets@shuxiang.example", ["FC", "HC"]);
  desk = staff("desk.gulou@shuxiang.example", ["GL"]);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await services?.close();
  await smtp?.close();
  await t?.drop();
});

async function newVolunteer(tag: string): Promise<number> {
  const row = await t.db.insertInto("shuxiang.volunteers").values({ email: `${tag}@records.example`, name: `记录${tag}`, status: "appointed", volunteer_number: `GL-T${tag.length}${tag}` }).returning("id").executeTakeFirstOrThrow();
  return row.id;
}

/** A shift booked by the volunteer that runs from `startHoursAgo` to `endHoursAgo` (today, Shanghai). */
async function servedShift(volunteerId: number, startHoursAgo: number, endHoursAgo: number, notes = ""): Promise<{ shiftId: number; bookingId: number }> {
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 6 * 86400_000));
  const created = await createShifts(deps, { user: gulouCoordinator }, createShiftSchema.parse({ branch: "GL", roleId: shelving, date, start: "09:00", end: "12:00", capacity: 3, minNeeded: 1, notes }));
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const shiftId = created.ids[0];
  const booked = await bookShift(deps, volunteerId, shiftId);
  if (!booked.ok) throw new Error("not booked");
  await sql`UPDATE shuxiang.shifts SET starts_at = now() - make_interval(hours => ${startHoursAgo}), ends_at = now() - make_interval(hours => ${endHoursAgo}), local_date = (now() AT TIME ZONE 'Asia/Shanghai')::date WHERE id = ${shiftId}`.execute(t.db);
  await sql`UPDATE shuxiang.bookings SET starts_at = now() - make_interval(hours => ${startHoursAgo}), ends_at = now() - make_interval(hours => ${endHoursAgo}) WHERE shift_id = ${shiftId}`.execute(t.db);
  const booking = await t.db.selectFrom("shuxiang.bookings").select("id").where("shift_id", "=", shiftId).where("volunteer_id", "=", volunteerId).executeTakeFirstOrThrow();
  return { shiftId, bookingId: booking.id };
}

describe("service records", () => {
  it("check-in writes a record with the rules' fields; check-out and adjustments are revisions; nothing is deleted", async () => {
    const v = await newVolunteer("rec1");
    const { bookingId } = await servedShift(v, 3, 1, "儿童区上架");
    const inAt = new Date(Date.now() - 3 * 3600_000);
    expect(await checkIn(t.db, { user: desk }, bookingId, inAt)).toEqual({ ok: true });
    // While the shift runs, the record exists but does not count yet.
    const [open] = await listRecords(t.db, { volunteerId: v });
    expect(open).toMatchObject({ activityZh: "图书整架", branchZh: "鼓楼图书馆", beneficiaries: "everyone", contentZh: "图书整架：儿童区上架", recorder: "刘洋", recordedVia: "desk", revision: 1 });
    expect(open.personInCharge).not.toBeNull();
    expect(await checkOut(t.db, { user: desk }, bookingId, new Date(inAt.getTime() + 150 * 60_000))).toEqual({ ok: true });
    expect((await myHours(t.db, v)).years[0]).toMatchObject({ sessions: 1, minutes: 150 });
    expect(await adjustHours(t.db, { user: desk }, bookingId, 120, "提前离开，路途时间不计")).toEqual({ ok: true });
    expect((await myHours(t.db, v)).years[0]).toMatchObject({ sessions: 1, minutes: 120 });

    const history = await recordHistory(t.db, open.id);
    expect(history!.revisions.map((r) => [r.revision, r.reason, r.snapshot.minutes])).toEqual([
      [1, "check-in", 120],
      [2, "check-out", 150],
      [3, "提前离开，路途时间不计", 120],
    ]);

    // Evaluation by the desk of that branch; a coordinator of other branches may not.
    const evaluation = { quality: "excellent" as const, qualityNote: "耐心", content: "图书整架：儿童区上架与导览", reason: "" };
    expect(await evaluateRecord(t.db, streetsCoordinator, open.id, evaluation)).toMatchObject({ ok: false, status: 403 });
    expect(await evaluateRecord(t.db, desk, open.id, evaluation)).toEqual({ ok: true });
    const [evaluated] = await listRecords(t.db, { volunteerId: v });
    expect(evaluated).toMatchObject({ quality: "excellent", qualityNote: "耐心", contentZh: "图书整架：儿童区上架与导览", revision: 4 });

    // The database refuses to delete a record or its history.
    await expect(sql`DELETE FROM shuxiang.service_records WHERE id = ${open.id}`.execute(t.db)).rejects.toThrow(/never deleted/);
    await expect(sql`DELETE FROM shuxiang.service_record_revisions WHERE record_id = ${open.id}`.execute(t.db)).rejects.toThrow(/never deleted/);
    await expect(sql`TRUNCATE shuxiang.service_record_revisions`.execute(t.db)).rejects.toThrow(/never deleted/);
    expect((await recordHistory(t.db, open.id))!.revisions).toHaveLength(4);
  });

  it("a volunteer asks for corrections; a coordinator of the branch approves or declines; the volunteer is emailed and sees the state", async () => {
    const v = await newVolunteer("rec2");
    const missed = await servedShift(v, 30, 27);
    const other = await servedShift(v, 50, 48);
    // Bad requests change nothing.
    const bad = correctionRequestSchema.safeParse({ kind: "wrong-hours", bookingId: String(missed.bookingId), hours: "25", note: "x" });
    expect(bad.success).toBe(false);
    expect(await requestCorrection(t.db, v, correctionRequestSchema.parse({ kind: "unscheduled", branch: "GL", date: "2099-01-01", activity: "读书节", hours: "6", note: "整天帮忙" }))).toMatchObject({ ok: false, errors: { date: "records.errors.future" } });
    const stranger = await newVolunteer("rec2b");
    expect(await requestCorrection(t.db, stranger, correctionRequestSchema.parse({ kind: "missing-check-in", bookingId: String(missed.bookingId), hours: "3", note: "我来了" }))).toMatchObject({ ok: false, errors: { bookingId: "records.errors.booking" } });
    expect(await t.db.selectFrom("shuxiang.record_corrections").select("id").where("volunteer_id", "in", [v, stranger]).execute()).toEqual([]);

    const first = await requestCorrection(t.db, v, correctionRequestSchema.parse({ kind: "missing-check-in", bookingId: String(missed.bookingId), hours: "3", note: "到岗时服务台没人，忘了签到" }));
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect(await requestCorrection(t.db, v, correctionRequestSchema.parse({ kind: "wrong-hours", bookingId: String(missed.bookingId), hours: "2", note: "再问一次" }))).toMatchObject({ ok: false, status: 409 });
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() - 2 * 86400_000));
    const unscheduled = await requestCorrection(t.db, v, correctionRequestSchema.parse({ kind: "unscheduled", branch: "GL", date: today, activity: "读书节现场帮忙", hours: "6.5", note: "协调员临时请我帮忙一天" }));
    const declined = await requestCorrection(t.db, v, correctionRequestSchema.parse({ kind: "wrong-hours", bookingId: String(other.bookingId), hours: "5", note: "应该是五小时" }));
    if (!unscheduled.ok || !declined.ok) throw new Error("requests refused");
    expect((await listCorrections(t.db, { volunteerId: v })).map((c) => c.status)).toEqual(["pending", "pending", "pending"]);

    // Desk staff and coordinators of other branches cannot decide.
    const approveMissed = correctionDecisionSchema.parse({ decision: "approve", id: String(first.id), hours: "2.5", reason: "服务台核实，到岗晚半小时" });
    expect(await decideCorrection(deps, desk, approveMissed)).toMatchObject({ ok: false, status: 403 });
    expect(await decideCorrection(deps, streetsCoordinator, approveMissed)).toMatchObject({ ok: false, status: 403 });
    expect(correctionDecisionSchema.safeParse({ decision: "decline", id: String(declined.id), reason: "" }).success).toBe(false);

    expect(await decideCorrection(deps, gulouCoordinator, approveMissed)).toEqual({ ok: true, id: first.id });
    expect(await decideCorrection(deps, gulouCoordinator, approveMissed)).toMatchObject({ ok: false, status: 409 });
    expect(await decideCorrection(deps, gulouCoordinator, correctionDecisionSchema.parse({ decision: "approve", id: String(unscheduled.id), hours: "6.5", reason: "" }))).toMatchObject({ ok: true });
    expect(await decideCorrection(deps, gulouCoordinator, correctionDecisionSchema.parse({ decision: "decline", id: String(declined.id), reason: "签到签退记录完整，时长无误" }))).toMatchObject({ ok: true });

    const records = await listRecords(t.db, { volunteerId: v });
    expect(records.map((r) => [r.activityZh, r.minutes, r.recordedVia]).sort()).toEqual([
      ["图书整架", 150, "correction"],
      ["读书节现场帮忙", 390, "correction"],
    ]);
    expect((await myHours(t.db, v)).years[0]).toMatchObject({ sessions: 2, minutes: 540 });
    const booking = await t.db.selectFrom("shuxiang.bookings").select(["adjusted_minutes", "no_show"]).where("id", "=", missed.bookingId).executeTakeFirstOrThrow();
    expect(booking).toEqual({ adjusted_minutes: 150, no_show: false });
    const states = await listCorrections(t.db, { volunteerId: v });
    expect(Object.fromEntries(states.map((c) => [c.id, [c.status, c.decidedMinutes, c.decisionReason]]))).toEqual({
      [first.id]: ["approved", 150, "服务台核实，到岗晚半小时"],
      [unscheduled.id]: ["approved", 390, ""],
      [declined.id]: ["declined", null, "签到签退记录完整，时长无误"],
    });
    const audit = await t.db.selectFrom("shuxiang.audit_log").select("action").where("entity_type", "=", "record-correction").where("entity_id", "in", [String(first.id), String(unscheduled.id), String(declined.id)]).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(["record-correction.approve", "record-correction.approve", "record-correction.decline"]);

    const approvedMail = await smtp.waitFor((m) => recipients(m).includes("rec2@records.example") && (m.text ?? "").includes("2.5"));
    expect(approvedMail.subject).toBe("您的服务记录已更正");
    const declinedMail = await smtp.waitFor((m) => recipients(m).includes("rec2@records.example") && m.subject === "您的记录更正申请未通过");
    expect(declinedMail.text).toContain("签到签退记录完整，时长无误");
  });

  it("deleting a volunteer's personal data keeps their records and hours, and blanks what they wrote", async () => {
    const v = await newVolunteer("rec3");
    const { bookingId } = await servedShift(v, 5, 3);
    await checkIn(t.db, { user: desk }, bookingId, new Date(Date.now() - 5 * 3600_000));
    const asked = await requestCorrection(t.db, v, correctionRequestSchema.parse({ kind: "wrong-hours", bookingId: String(bookingId), hours: "2.5", note: "我的手机号 13800000000 打不通" }));
    expect(asked.ok).toBe(true);
    const before = await myHours(t.db, v);
    expect(await anonymiseVolunteer(deps, v)).toEqual({ ok: true });
    expect(await myHours(t.db, v)).toEqual(before);
    const [correction] = await listCorrections(t.db, { volunteerId: v });
    expect(correction.note).toBe("");
    expect((await listRecords(t.db, { volunteerId: v }))[0].volunteerName).toBe(`已注销 #${v}`);
  });
});

describe("service certificates", () => {
  it("count the records of the period (by branch and activity type), carry the volunteer number and, with consent, the sealed ID number", async () => {
    const v = await newVolunteer("cert1");
    const a = await servedShift(v, 6, 4);
    await checkIn(t.db, { user: desk }, a.bookingId, new Date(Date.now() - 6 * 3600_000));
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    expect(await issueCertificate(t.db, { volunteerId: v, from: today, to: "2020-01-01" }, null)).toEqual({ ok: false, errors: { to: "certificate.errors.order" } });
    expect(await issueCertificate(t.db, { volunteerId: v, from: "2025-01-01", to: "2025-12-31" }, null)).toEqual({ ok: false, errors: { from: "certificate.errors.nothing" } });
    expect(await issueCertificate(t.db, { volunteerId: v, from: today, to: today, branch: "FC" }, null)).toEqual({ ok: false, errors: { from: "certificate.errors.nothing" } });

    const consent = idDocumentSchema.safeParse({ intent: "id-document", idDocType: "resident-id", idDocNumber: "32010219900101123X" });
    expect(consent.success).toBe(false);
    await setIdDocument(t.db, services.config.sessionSecret, v, idDocumentSchema.parse({ intent: "id-document", idDocType: "resident-id", idDocNumber: "32010219900101123x", consent: "on" }));
    const stored = await t.db.selectFrom("shuxiang.volunteers").select("id_doc_number_sealed").where("id", "=", v).executeTakeFirstOrThrow();
    expect(stored.id_doc_number_sealed).toMatch(/^sealed:v1:/);
    expect(stored.id_doc_number_sealed).not.toContain("1990");

    const issued = await issueCertificate(t.db, { volunteerId: v, from: today, to: today, branch: "GL", roleId: shelving }, { id: gulouCoordinator.id, name: gulouCoordinator.name });
    if (!issued.ok) throw new Error(JSON.stringify(issued.errors));
    expect(issued.number).toMatch(new RegExp(`^SX-${today.slice(0, 4)}-\\d{6}$`));
    const opened = await findCertificate(t.db, issued.code.toLowerCase(), { secret: services.config.sessionSecret });
    expect(opened).toMatchObject({ number: issued.number, volunteerNumber: "GL-T5cert1", idDocType: "resident-id", idDocNumber: "32010219900101123X", sessions: 1, minutes: 120, branchZh: "鼓楼图书馆", roleZh: "图书整架", issueDate: today, revokedAt: null });
    expect(opened!.issuer).toMatchObject({ nameZh: "鼓楼图书馆", personInCharge: "王建国", handler: gulouCoordinator.name });
    expect(opened!.lines).toEqual([{ activityZh: "图书整架", activityEn: "Shelving books", branchZh: "鼓楼图书馆", branchEn: "Gulou Library", sessions: 1, minutes: 120 }]);
    expect((await findCertificate(t.db, issued.code))!.idDocNumber).toBeNull();
    const audit = await t.db.selectFrom("shuxiang.audit_log").select(["action", "actor_staff_id"]).where("entity_type", "=", "certificate").where("action", "=", "certificate.issue").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit.actor_staff_id).toBe(gulouCoordinator.id);
    await expect(sql`DELETE FROM shuxiang.certificates WHERE code = ${issued.code}`.execute(t.db)).rejects.toThrow(/never deleted/);
    expect(maskName("王小明")).toBe("王*明");
  });

  it("concurrent issues get distinct numbers with no gap in the year's register", async () => {
    const v = await newVolunteer("cert2");
    const a = await servedShift(v, 6, 4);
    await checkIn(t.db, { user: desk }, a.bookingId, new Date(Date.now() - 6 * 3600_000));
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const results = await Promise.all(Array.from({ length: 30 }, () => issueCertificate(t.db, { volunteerId: v, from: today, to: today }, null)));
    const numbers = results.map((r) => (r.ok ? r.number : "refused"));
    expect(new Set(numbers).size).toBe(30);
    expect(numbers).not.toContain("refused");
    const year = Number(today.slice(0, 4));
    const serials = await t.db.selectFrom("shuxiang.certificates").select("serial").where("year", "=", year).orderBy("serial").execute();
    expect(serials.map((s) => s.serial)).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
    const register = await t.db.selectFrom("shuxiang.certificate_register").select("last_number").where("year", "=", year).executeTakeFirstOrThrow();
    expect(register.last_number).toBe(serials.length);
  });

  it("revoking takes a reason and a coordinator of the branch (or an administrator); verification then says revoked", async () => {
    const v = await newVolunteer("cert3");
    const a = await servedShift(v, 6, 4);
    await checkIn(t.db, { user: desk }, a.bookingId, new Date(Date.now() - 6 * 3600_000));
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const issued = await issueCertificate(t.db, { volunteerId: v, from: today, to: today, branch: "GL" }, null);
    if (!issued.ok) throw new Error("not issued");
    expect(await revokeCertificate(t.db, streetsCoordinator, issued.code, "重复开具")).toMatchObject({ ok: false, status: 403 });
    expect(await revokeCertificate(t.db, desk, issued.code, "重复开具")).toMatchObject({ ok: false, status: 403 });
    expect(await revokeCertificate(t.db, gulouCoordinator, issued.code, "重复开具")).toEqual({ ok: true });
    expect(await revokeCertificate(t.db, gulouCoordinator, issued.code, "再次")).toMatchObject({ ok: false, status: 409 });
    expect(await findCertificate(t.db, issued.code)).toMatchObject({ revokeReason: "重复开具" });
    expect((await findCertificate(t.db, issued.code))!.revokedAt).not.toBeNull();
  });
});

describe("records export", () => {
  it("one row per volunteer per activity, columns named as the rules name the fields, in CSV with BOM and in XLSX that parses back", async () => {
    const v = await newVolunteer("exp1");
    for (const [from, to] of [[8, 6], [30, 27]] as const) {
      const s = await servedShift(v, from, to, "书架整理");
      await checkIn(t.db, { user: desk }, s.bookingId, new Date(Date.now() - from * 3600_000));
    }
    const first = (await listRecords(t.db, { volunteerId: v })).at(-1)!;
    await evaluateRecord(t.db, desk, first.id, { quality: "good", qualityNote: "", content: first.contentZh, reason: "" });
    const end = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const start = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() - 40 * 86400_000));
    const table = await recordsTable(t.db, { from: start, to: end, branch: "GL", branchCodes: ["GL"] }, await getFixedT("zh-CN"));
    expect(table.columns).toEqual(["志愿者姓名", "志愿者编号", "活动名称", "日期", "地点", "服务对象", "服务内容", "服务时间（小时）", "服务次数", "服务质量评价", "负责人", "记录人"]);
    const mine = table.rows.filter((r) => r[0] === "记录exp1");
    expect(mine).toHaveLength(1);
    expect(mine[0].slice(1)).toEqual(["GL-T4exp1", "图书整架", expect.stringMatching(/^\d{4}-\d{2}-\d{2}( 至 \d{4}-\d{2}-\d{2})?$/), "鼓楼图书馆", "所有读者", "图书整架：书架整理", 5, 2, "良好", "李敏", "刘洋"]);
    // Nothing from a branch the coordinator does not cover.
    expect((await recordsTable(t.db, { from: start, to: end, branchCodes: ["FC"] }, await getFixedT("zh-CN"))).rows.filter((r) => r[0] === "记录exp1")).toEqual([]);

    const csv = toCsv(table);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split("\n")[0]).toBe(EXPORT_COLUMNS.join(","));

    const parsed = await readSheet(await toXlsx(table));
    expect(parsed[0]).toEqual([...EXPORT_COLUMNS]);
    const row = parsed.find((r) => r[0] === "记录exp1")!;
    expect(row.slice(1, 3)).toEqual(["GL-T4exp1", "图书整架"]);
    expect(row[7]).toBe(5);
    expect(row[8]).toBe(2);
    expect(parsed).toHaveLength(table.rows.length + 1);
  });
});

describe("hours of service: one rule", () => {
  it("a volunteer's own hours, the directory and the library's report count the same minutes, an approved correction for unscheduled service included", async () => {
    const admin: StaffUser = { ...gulouCoordinator, role: "administrator", branchCodes: [] };
    const branches = (await t.db.selectFrom("library.branches").select("code").execute()).map((b) => b.code);
    const allTime = () => scopeOf({ from: "2000-01-01", to: "2100-12-31" }, branches, "Asia/Shanghai");
    const own = async (id: number) => (await myHours(t.db, id)).years.reduce((sum, y) => sum + y.minutes, 0);
    const directory = async () => new Map((await searchVolunteers(t.db, admin, {}, null)).volunteers.map((r) => [r.id, r.minutes] as const));

    // The demo's served volunteers: the same minutes on their own page, in the directory and in the report.
    const listed = await directory();
    const served = [...listed].filter(([, minutes]) => minutes > 0);
    expect(served.length).toBeGreaterThan(5);
    for (const [id, minutes] of listed) expect([id, minutes]).toEqual([id, await own(id)]);
    const volunteers = await t.db.selectFrom("shuxiang.volunteers").select("id").execute();
    let everyone = 0;
    for (const v of volunteers) everyone += await own(v.id);
    const before = await volunteerFigures(t.db, allTime());
    expect(before.minutes).toBe(everyone);

    // A day of help the system never scheduled, asked for and approved: 2.5 hours, everywhere.
    const v = await newVolunteer("onerule");
    const yesterday = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() - 86400_000));
    const asked = await requestCorrection(t.db, v, correctionRequestSchema.parse({ kind: "unscheduled", branch: "GL", date: yesterday, activity: "读书节布展", hours: "2.5", note: "整个下午帮忙布展" }));
    if (!asked.ok) throw new Error(JSON.stringify(asked));
    expect(await decideCorrection(deps, gulouCoordinator, correctionDecisionSchema.parse({ decision: "approve", id: String(asked.id), hours: "2.5", reason: "" }))).toMatchObject({ ok: true });

    expect(await own(v)).toBe(150);
    expect((await directory()).get(v)).toBe(150);
    const after = await volunteerFigures(t.db, allTime());
    expect(after.minutes - before.minutes).toBe(150);
    expect(after.sessions - before.sessions).toBe(1);
    // In the report's table it has no role: it is named as unscheduled service at its branch.
    const unscheduled = (f: typeof after) => f.byRoleBranch.find((r) => r.branch_code === "GL" && r.role_zh === null) ?? { sessions: 0, minutes: 0 };
    expect([unscheduled(after).sessions - unscheduled(before).sessions, unscheduled(after).minutes - unscheduled(before).minutes]).toEqual([1, 150]);
    const zh = await getFixedT("zh-CN");
    const table = reportTables(await buildReport(t.db, allTime()), zh, "zh-CN", { includeTop: false }).find((x) => x.id === "hours-by-role-branch")!;
    expect(table.rows).toContainEqual(["鼓楼图书馆", "计划外服务（经更正补记）", unscheduled(after).sessions, formatHours(unscheduled(after).minutes)]);
  });
});
