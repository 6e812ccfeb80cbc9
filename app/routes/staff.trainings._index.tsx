import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { branchesFor, can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { branchesWhere, listRooms, listTrainings } from "#app/modules/branches/branches.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { createTrainingSession, listTrainingSessions } from "#app/modules/trainings/trainings.server.ts";
import { trainingSessionSchema } from "#app/modules/trainings/schemas.ts";
import { formatDate, formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages } from "#app/lib/form.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "trainings");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "training.view");
  const { db } = await getServices();
  const branches = await branchesWhere(db, user, "training.view");
  const codes = branches.map((b) => b.code);
  const [sessions, trainings, rooms] = await Promise.all([
    listTrainingSessions({ db }, branchesFor(user, "training.view") === "all" ? null : codes, new Date(Date.now() - 14 * 86400_000)),
    listTrainings(db),
    listRooms(db, codes),
  ]);
  return {
    canPlan: can(user, "training.manage"),
    sessions,
    trainings: trainings.map((t) => ({ id: t.id, name_zh: t.name_zh, name_en: t.name_en })),
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    rooms: rooms.filter((r) => r.active).map((r) => ({ id: r.id, branch_code: r.branch_code, name_zh: r.name_zh, name_en: r.name_en, capacity: r.capacity })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "training.manage");
  const submission = await parseForm(request, trainingSessionSchema);
  if (submission.status !== "success") return refuse(submission, { errors: { form: "plan.fixErrors" } });
  const result = await createTrainingSession(appDeps(await getServices()), user, submission.value, new Date(), context.requestId);
  if (!result.ok) return refuse(submission, { errors: { form: "plan.fixErrors", ...result.errors }, status: result.status ?? 400 });
  return redirect(`/staff/trainings/${result.sessionId}?created=1`);
}

export default function Trainings() {
  const { canPlan, sessions, trainings, branches, rooms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = errorMessages(result);
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`ts-${name}-error`} className="field-error" role="alert">
        {text(errors[name])}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `ts-${name}-error` } : {});
  return (
    <>
      <h1>{t("training.title")}</h1>
      <p className="lead">{t("training.lead")}</p>
      <h2>{t("training.upcoming")}</h2>
      {sessions.length === 0 ? (
        <p>{t("training.none")}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("training.training")}</th>
              <th scope="col">{t("training.when")}</th>
              <th scope="col">{t("training.where")}</th>
              <th scope="col">{t("training.seats")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("training.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {localized({ name_zh: s.training_zh, name_en: s.training_en }, "name")}
                  {s.status === "cancelled" ? ` · ${t("training.statuses.cancelled")}` : ""}
                </td>
                <td>
                  {formatTimeSpan(s.starts_at, s.ends_at, s.timezone, i18n.language)}
                </td>
                <td>
                  {localized({ name_zh: s.branch_zh, name_en: s.branch_en }, "name")}
                  {s.room_zh ? ` · ${localized({ name_zh: s.room_zh, name_en: s.room_en ?? s.room_zh }, "name")}` : ""}
                  {s.place ? ` · ${s.place}` : ""}
                </td>
                <td>{t("training.enrolledOf", { enrolled: s.enrolled, capacity: s.capacity })}</td>
                <td>
                  <Link to={`/staff/trainings/${s.id}`}>
                    {t("training.open")}
                    <span className="visually-hidden"> {localized({ name_zh: s.training_zh, name_en: s.training_en }, "name")} {formatDate(s.local_date, i18n.language)}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canPlan ? (
        <section className="panel" aria-labelledby="plan-title">
          <h2 id="plan-title">{t("training.plan")}</h2>
          {errors.form ? (
            <p className="form-error" role="alert">
              {text(errors.form)}
            </p>
          ) : null}
          <Form method="post">
            <div className="form-grid">
              <div className="form-field">
                <label htmlFor="ts-trainingId">{t("training.training")}</label>
                <select id="ts-trainingId" name="trainingId" required {...described("trainingId")}>
                  {trainings.map((tr) => (
                    <option key={tr.id} value={tr.id}>
                      {localized(tr, "name")}
                    </option>
                  ))}
                </select>
                {fieldError("trainingId")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-branch">{t("training.branch")}</label>
                <select id="ts-branch" name="branch" required {...described("branch")}>
                  {branches.map((b) => (
                    <option key={b.code} value={b.code}>
                      {localized(b, "name")}
                    </option>
                  ))}
                </select>
                {fieldError("branch")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-date">{t("plan.date")}</label>
                <input id="ts-date" name="date" type="date" required {...described("date")} />
                {fieldError("date")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-start">{t("plan.start")}</label>
                <input id="ts-start" name="start" type="time" required defaultValue="14:00" {...described("start")} />
                {fieldError("start")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-end">{t("plan.end")}</label>
                <input id="ts-end" name="end" type="time" required defaultValue="16:00" {...described("end")} />
                {fieldError("end")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-capacity">{t("training.capacity")}</label>
                <input id="ts-capacity" name="capacity" type="number" min={1} max={500} required defaultValue={20} {...described("capacity")} />
                {fieldError("capacity")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-roomId">{t("training.room")}</label>
                <select id="ts-roomId" name="roomId" defaultValue="" {...described("roomId")}>
                  <option value="">—</option>
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.branch_code} · {localized(r, "name")} ({r.capacity})
                    </option>
                  ))}
                </select>
                {fieldError("roomId")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-place">{t("training.place")}</label>
                <input id="ts-place" name="place" maxLength={200} {...described("place")} />
                {fieldError("place")}
              </div>
              <div className="form-field">
                <label htmlFor="ts-trainer">{t("training.trainer")}</label>
                <input id="ts-trainer" name="trainer" maxLength={100} {...described("trainer")} />
                {fieldError("trainer")}
              </div>
            </div>
            <button type="submit" className="button">
              {t("training.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
