// Demo applications in every stage of the pipeline, spread over the last weeks, with their
// history — what a coordinator's recruitment board looks like on a normal day.
import type { Transaction } from "kysely";
import type { ApplicationStatus, Database } from "../schema.ts";
import { chineseName, mobilePhone } from "./people.ts";
import type { Random } from "./random.ts";

const STAGES: ApplicationStatus[] = ["applied", "applied", "applied", "applied", "applied", "interview", "interview", "interview", "training", "training", "declined", "withdrawn"];
const PATHS: Record<ApplicationStatus, ApplicationStatus[]> = {
  applied: ["applied"],
  interview: ["applied", "interview"],
  training: ["applied", "interview", "training"],
  appointed: ["applied", "interview", "training", "appointed"],
  declined: ["applied", "interview", "declined"],
  withdrawn: ["applied", "withdrawn"],
};
const SKILLS = ["会修补图书", "熟悉电脑和手机应用", "会手语", "喜欢给孩子讲故事", "退休教师", "大学生，周末有空", ""];
const HEARD = ["friend", "wechat", "library", "school", "street-office"];

export async function seedDemoApplications(trx: Transaction<Database>, random: Random, now: Date): Promise<void> {
  const staff = await trx.selectFrom("shuxiang.staff").select(["id", "email"]).execute();
  const coordinatorFor = (branch: string) => staff.find((s) => s.email === (["FC", "HC"].includes(branch) ? "coord.streets@shuxiang.example" : "coord.gulou@shuxiang.example"))!.id;
  const roles = (await trx.selectFrom("shuxiang.roles").select("id").execute()).map((r) => r.id);
  const branchCodes = ["GL", "GL", "GL", "FC", "HC", "SE", "GL", "HC", "FC", "GL", "SE", "GL"];
  for (const [i, status] of STAGES.entries()) {
    const minor = i === 2 || i === 7;
    const year = minor ? random.int(2009, 2011) : random.int(1955, 2004);
    const branch = branchCodes[i];
    const applied = new Date(now.getTime() - (random.int(2, 30) * 24 + random.int(0, 10)) * 3600_000);
    const person = await trx
      .insertInto("shuxiang.volunteers")
      .values({
        email: `applicant${String(i + 1).padStart(2, "0")}@example.com`,
        name: chineseName(random),
        phone: mobilePhone(random),
        language: i === 4 ? "en" : "zh-CN",
        status: "applicant",
        home_branch_code: branch,
        birth_date: `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`,
        availability: ["sat-am", "sun-am", "sat-pm", "wed-pm"].filter(() => random.chance(0.6)).concat("sun-pm"),
        preferred_branches: [branch],
        preferred_roles: [random.pick(roles), random.pick(roles)].filter((r, k, a) => a.indexOf(r) === k),
        skills: random.pick(SKILLS),
        guardian_name: minor ? chineseName(random) : null,
        guardian_phone: minor ? mobilePhone(random) : null,
        created_at: applied,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!person) continue;
    const application = await trx
      .insertInto("shuxiang.applications")
      .values({ volunteer_id: person.id, status, heard_from: random.pick(HEARD), consent_at: applied, guardian_consent_at: minor ? applied : null, created_at: applied, updated_at: applied })
      .returning("id")
      .executeTakeFirstOrThrow();
    let at = applied.getTime();
    let previous: ApplicationStatus | null = null;
    for (const step of PATHS[status]) {
      await trx
        .insertInto("shuxiang.application_events")
        .values({ application_id: application.id, at: new Date(at), actor_staff_id: previous ? coordinatorFor(branch) : null, from_status: previous, to_status: step, note: step === "declined" ? "岗位已满，建议明年再报。" : "" })
        .execute();
      previous = step;
      at += random.int(1, 4) * 86400_000;
    }
    if (status === "interview") {
      await trx.insertInto("shuxiang.application_notes").values({ application_id: application.id, staff_id: coordinatorFor(branch), body: "电话沟通顺利，约本周六上午面谈。", at: new Date(at) }).execute();
    }
  }
  // A few of the appointed volunteers came through the pipeline too: their history, and a number.
  const appointed = await trx.selectFrom("shuxiang.volunteers").select(["id", "appointed_at", "home_branch_code"]).where("email", "in", ["volunteer01@example.com", "volunteer02@example.com", "volunteer03@example.com"]).orderBy("email").execute();
  for (const [k, v] of appointed.entries()) {
    const end = new Date(v.appointed_at ?? now);
    const start = new Date(end.getTime() - 21 * 86400_000);
    const application = await trx
      .insertInto("shuxiang.applications")
      .values({ volunteer_id: v.id, status: "appointed", heard_from: random.pick(HEARD), consent_at: start, created_at: start, updated_at: end })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!application) continue;
    const path: ApplicationStatus[] = PATHS.appointed;
    for (const [j, step] of path.entries()) {
      await trx
        .insertInto("shuxiang.application_events")
        .values({ application_id: application.id, at: new Date(start.getTime() + j * 7 * 86400_000), actor_staff_id: j ? coordinatorFor(v.home_branch_code ?? "GL") : null, from_status: j ? path[j - 1] : null, to_status: step })
        .execute();
    }
    await trx.updateTable("shuxiang.volunteers").set({ volunteer_number: `GL-2026-${String(k + 1).padStart(5, "0")}` }).where("id", "=", v.id).execute();
  }
}
