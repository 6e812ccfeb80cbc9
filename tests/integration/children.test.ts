// Children under 14 (PIPL Art 28, 29, 31) on real PostgreSQL: an application or an event
// registration for a child is taken only with the guardian's particulars (who they are to the
// child, name, phone) and their separate consent under the children's notice, which is recorded;
// without them nothing is stored. Shifts with volunteers under 18 and no adult are shown to
// coordinators.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Services } from "#app/services.server.ts";
import { appDeps, type AppDeps } from "#app/lib/deps.server.ts";
import { shiftsWithoutAdult } from "#app/modules/board/minors.server.ts";
import { registerForEvent } from "#app/modules/events/registrations.server.ts";
import { registrationSchema } from "#app/modules/events/schemas.ts";
import { submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { applicationSchema } from "#app/modules/recruitment/schemas.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/database.ts";
import { startTestServices } from "#tests/support/services.ts";

let t: TestDatabase;
let services: Services;
let deps: AppDeps;
let shelving: number;
const now = new Date();
const today = now.toISOString().slice(0, 10);
const yearsAgo = (n: number) => `${now.getUTCFullYear() - n}-01-15`;

beforeAll(async () => {
  t = await createTestDatabase();
  services = await startTestServices(t, { WORKERS: "off" });
  deps = appDeps(services);
  shelving = (await t.db.selectFrom("shuxiang.roles").select("id").where("code", "=", "shelving").executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await services?.close();
  await t?.drop();
});

const application = (overrides: Record<string, unknown>) => ({
  name: "林小雨",
  phone: "138 1234 5678",
  email: "child@example.com",
  birthDate: yearsAgo(10),
  language: "zh-CN",
  branches: ["GL"],
  roles: [String(shelving)],
  availability: ["sat-am"],
  consent: "on",
  guardianName: "林大海",
  guardianPhone: "139 0000 1111",
  guardianConsent: "on",
  ...overrides,
});

describe("an application for a child under 14", () => {
  const schema = applicationSchema(today);
  const issues = (input: Record<string, unknown>) => {
    const r = schema.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("asks for the guardian's relationship and separate consent, each beside its field", () => {
    expect(issues(application({}))).toEqual({ guardianRelation: "apply.errors.guardianRelation", childConsent: "apply.errors.childConsent" });
    expect(issues(application({ guardianRelation: "uncle", childConsent: "on" }))).toMatchObject({ guardianRelation: "validation.choice" });
    expect(issues(application({ guardianRelation: "mother", childConsent: "on" }))).toEqual({});
    // 15: a guardian consents (under 18), but the child rules do not apply.
    expect(issues(application({ birthDate: yearsAgo(16) }))).toEqual({});
  });

  it("records who the guardian is and when they consented, for a child only", async () => {
    const child = await submitApplication(deps, schema.parse(application({ email: "child1@example.com", guardianRelation: "mother", childConsent: "on" })), "127.0.0.1");
    const teen = await submitApplication(deps, schema.parse(application({ email: "teen1@example.com", birthDate: yearsAgo(16), guardianRelation: "father", childConsent: "on" })), "127.0.0.1");
    expect(child.ok && teen.ok).toBe(true);
    const rows = await t.db
      .selectFrom("shuxiang.applications as a")
      .innerJoin("shuxiang.volunteers as v", "v.id", "a.volunteer_id")
      .select(["v.email", "v.guardian_name", "v.guardian_relation", "a.child_consent_at", "a.guardian_consent_at"])
      .where("v.email", "in", ["child1@example.com", "teen1@example.com"])
      .orderBy("v.email")
      .execute();
    expect(rows.map((r) => [r.email, r.guardian_name, r.guardian_relation, r.child_consent_at !== null, r.guardian_consent_at !== null])).toEqual([
      ["child1@example.com", "林大海", "mother", true, true],
      ["teen1@example.com", "林大海", null, false, true],
    ]);
  });
});

describe("an event registration with a child's library card", () => {
  async function openEvent() {
    return t.db
      .selectFrom("shuxiang.events")
      .select(["id", "capacity", "registered", "max_party"])
      .where("status", "=", "scheduled")
      .where("audience", "not in", ["volunteers", "school-groups"])
      .where("starts_at", ">", now)
      .where((eb) => eb.or([eb("registration_opens_at", "is", null), eb("registration_opens_at", "<=", now)]))
      .where((eb) => eb.or([eb("registration_closes_at", "is", null), eb("registration_closes_at", ">", now)]))
      .where((eb) => eb("registered", "<", eb.ref("capacity")))
      .orderBy("starts_at")
      .executeTakeFirstOrThrow();
  }
  async function reader(birthDate: string) {
    const r = await t.db.selectFrom("library.readers").select(["id", "card_number", "name"]).where("status", "=", "active").where((eb) => eb.not(eb.exists(eb.selectFrom("shuxiang.registrations").select("id").whereRef("reader_id", "=", "library.readers.id")))).orderBy("id").executeTakeFirstOrThrow();
    await t.db.updateTable("library.readers").set({ birth_date: birthDate }).where("id", "=", r.id).execute();
    return r;
  }
  const input = (r: { card_number: string; name: string }, extra: Record<string, unknown> = {}) =>
    registrationSchema.parse({ mode: "card", cardNumber: r.card_number, name: r.name, email: "family@example.com", adults: "1", children: "1", ...extra });

  it("is refused without the guardian's particulars and consent, and nothing is stored", async () => {
    const ev = await openEvent();
    const child = await reader(yearsAgo(9));
    const before = await t.db.selectFrom("shuxiang.registrations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const refused = await registerForEvent(deps, ev.id, input(child, { guardianName: "王芳" }));
    expect(refused).toEqual({ ok: false, errors: { form: "events.errors.childNeedsGuardian", guardianPhone: "apply.errors.guardianRequired", guardianRelation: "apply.errors.guardianRelation", childConsent: "apply.errors.childConsent" } });
    const after = await t.db.selectFrom("shuxiang.registrations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("keeps the guardian and the consent's time with the registration; an adult's card needs none", async () => {
    const ev = await openEvent();
    const child = await reader(yearsAgo(9));
    const taken = await registerForEvent(deps, ev.id, input(child, { guardianName: "王芳", guardianPhone: "139 2222 3333", guardianRelation: "guardian", childConsent: "on" }));
    expect(taken.ok).toBe(true);
    const row = await t.db.selectFrom("shuxiang.registrations").select(["guardian_name", "guardian_relation", "guardian_phone", "guardian_consent_at"]).where("id", "=", taken.ok ? taken.registrationId : -1).executeTakeFirstOrThrow();
    expect([row.guardian_name, row.guardian_relation, row.guardian_phone, row.guardian_consent_at !== null]).toEqual(["王芳", "guardian", "13922223333", true]);

    const adult = await reader(yearsAgo(30));
    const plain = await registerForEvent(deps, ev.id, input(adult, { email: "adult@example.com" }));
    expect(plain.ok).toBe(true);
    const adultRow = await t.db.selectFrom("shuxiang.registrations").select(["guardian_name", "guardian_consent_at"]).where("id", "=", plain.ok ? plain.registrationId : -1).executeTakeFirstOrThrow();
    expect(adultRow).toEqual({ guardian_name: null, guardian_consent_at: null });
  });
});

describe("shifts with volunteers under 18 and no adult", () => {
  it("are listed for the branch until an adult volunteer is booked", async () => {
    const day = new Date(now.getTime() + 3 * 86400_000).toISOString().slice(0, 10);
    const [startsAt, endsAt] = [new Date(`${day}T02:00:00Z`), new Date(`${day}T04:00:00Z`)];
    const shift = await t.db.insertInto("shuxiang.shifts").values({ branch_code: "GL", role_id: shelving, local_date: day, starts_at: startsAt, ends_at: endsAt, capacity: 3, min_needed: 1, booked: 0 }).returning("id").executeTakeFirstOrThrow();
    const free = (n: number) =>
      t.db
        .selectFrom("shuxiang.volunteers as v")
        .select("v.id")
        .where("v.status", "=", "appointed")
        .where((eb) => eb.not(eb.exists(eb.selectFrom("shuxiang.bookings as b").select("b.id").whereRef("b.volunteer_id", "=", "v.id").where("b.starts_at", "<", endsAt).where("b.ends_at", ">", startsAt))))
        .orderBy("v.id")
        .limit(n)
        .execute();
    const [minor, adult] = await free(2);
    await t.db.updateTable("shuxiang.volunteers").set({ birth_date: yearsAgo(15) }).where("id", "=", minor.id).execute();
    await t.db.updateTable("shuxiang.volunteers").set({ birth_date: yearsAgo(40) }).where("id", "=", adult.id).execute();
    const book = (volunteerId: number) => t.db.insertInto("shuxiang.bookings").values({ shift_id: shift.id, volunteer_id: volunteerId, status: "confirmed", starts_at: startsAt, ends_at: endsAt }).execute();

    await book(minor.id);
    const listed = await shiftsWithoutAdult(t.db, ["GL"], now);
    expect(listed.find((s) => s.id === shift.id)).toMatchObject({ branch_code: "GL", minors: 1 });
    // Other branches' coordinators do not see it.
    expect((await shiftsWithoutAdult(t.db, ["FC", "HC"], now)).some((s) => s.id === shift.id)).toBe(false);

    await book(adult.id);
    expect((await shiftsWithoutAdult(t.db, ["GL"], now)).some((s) => s.id === shift.id)).toBe(false);
  });
});
