// The catalogue of volunteer roles (tasks) and of the trainings roles can require. Administrators
// only; codes unique; a role is retired by making it inactive (shifts keep pointing at it). Audited.
import { sql } from "kysely";
import { z } from "zod";
import { checkbox, intId, wholeNumber } from "#app/lib/input.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { can, type StaffUser } from "#app/modules/auth/policy.ts";
import { freeText, list } from "#app/modules/recruitment/schemas.ts";
import { transact } from "#app/lib/db.server.ts";
import { type AppDeps } from "#app/lib/deps.server.ts";
import type { AdminResult } from "./staff-accounts.server.ts";

const code = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(40, "validation.tooLong:40").regex(/^[a-z0-9-]+$/, "admin.errors.code");
const named = {
  code,
  nameZh: freeText(60).pipe(z.string().min(1, "validation.required")),
  nameEn: freeText(80).pipe(z.string().min(1, "validation.required")),
  descriptionZh: freeText(500),
  descriptionEn: freeText(800),
};

export const roleSchema = z.object({
  ...named,
  minAge: wholeNumber(0, 100),
  active: checkbox,
  trainings: list(intId).pipe(z.array(z.number()).max(20)),
});
export type RoleInput = z.infer<typeof roleSchema>;
export const trainingSchema = z.object(named);
export type TrainingInput = z.infer<typeof trainingSchema>;

const forbidden = { ok: false as const, errors: { form: "admin.errors.forbidden" }, status: 403 as const };

export async function saveRole(deps: AppDeps, user: StaffUser, roleId: number | null, input: RoleInput, requestId?: string | null): Promise<AdminResult<{ roleId: number }>> {
  if (!can(user, "admin.catalogue")) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult<{ roleId: number }>> => {
    const taken = await trx.selectFrom("shuxiang.roles").select("id").where("code", "=", input.code).where("id", "<>", roleId ?? 0).executeTakeFirst();
    if (taken) return { ok: false, errors: { code: "admin.errors.codeTaken" } };
    if (input.trainings.length) {
      const known = await trx.selectFrom("shuxiang.trainings").select("id").where("id", "in", input.trainings).execute();
      if (known.length !== new Set(input.trainings).size) return { ok: false, errors: { trainings: "admin.errors.notFound" } };
    }
    const values = { code: input.code, name_zh: input.nameZh, name_en: input.nameEn, description_zh: input.descriptionZh, description_en: input.descriptionEn, min_age: input.minAge, active: input.active };
    let id = roleId;
    let before: unknown = null;
    if (roleId === null) {
      const order = await trx.selectFrom("shuxiang.roles").select(sql<number>`coalesce(max(sort_order), 0) + 1`.as("n")).executeTakeFirstOrThrow();
      id = (await trx.insertInto("shuxiang.roles").values({ ...values, sort_order: order.n }).returning("id").executeTakeFirstOrThrow()).id;
    } else {
      before = await trx.selectFrom("shuxiang.roles").selectAll().where("id", "=", roleId).forUpdate().executeTakeFirst();
      if (!before) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
      await trx.updateTable("shuxiang.roles").set(values).where("id", "=", roleId).execute();
    }
    await trx.deleteFrom("shuxiang.role_trainings").where("role_id", "=", id!).execute();
    if (input.trainings.length) await trx.insertInto("shuxiang.role_trainings").values([...new Set(input.trainings)].map((t) => ({ role_id: id!, training_id: t }))).execute();
    await recordAudit(trx, { actorStaffId: user.id, action: roleId === null ? "role.create" : "role.update", entityType: "role", entityId: id!, before, after: input, requestId });
    return { ok: true, roleId: id! };
  });
}

export async function saveTraining(deps: AppDeps, user: StaffUser, trainingId: number | null, input: TrainingInput, requestId?: string | null): Promise<AdminResult<{ trainingId: number }>> {
  if (!can(user, "admin.catalogue")) return forbidden;
  return transact(deps.db, async (trx): Promise<AdminResult<{ trainingId: number }>> => {
    const taken = await trx.selectFrom("shuxiang.trainings").select("id").where("code", "=", input.code).where("id", "<>", trainingId ?? 0).executeTakeFirst();
    if (taken) return { ok: false, errors: { code: "admin.errors.codeTaken" } };
    const values = { code: input.code, name_zh: input.nameZh, name_en: input.nameEn, description_zh: input.descriptionZh, description_en: input.descriptionEn };
    let id = trainingId;
    if (trainingId === null) id = (await trx.insertInto("shuxiang.trainings").values(values).returning("id").executeTakeFirstOrThrow()).id;
    else {
      const found = await trx.updateTable("shuxiang.trainings").set(values).where("id", "=", trainingId).returning("id").executeTakeFirst();
      if (!found) return { ok: false, errors: { form: "admin.errors.notFound" }, status: 404 };
    }
    await recordAudit(trx, { actorStaffId: user.id, action: trainingId === null ? "training.create" : "training.update", entityType: "training", entityId: id!, after: input, requestId });
    return { ok: true, trainingId: id! };
  });
}

export async function catalogue(db: AppDeps["db"]) {
  const [roles, trainings, links] = await Promise.all([
    db.selectFrom("shuxiang.roles").selectAll().orderBy("sort_order").orderBy("id").execute(),
    db.selectFrom("shuxiang.trainings").selectAll().orderBy("id").execute(),
    db.selectFrom("shuxiang.role_trainings").selectAll().execute(),
  ]);
  return { roles: roles.map((r) => ({ ...r, trainings: links.filter((l) => l.role_id === r.id).map((l) => l.training_id) })), trainings };
}
