// Roles (volunteer tasks) and the trainings they require (administrators): names and descriptions
// in both languages, minimum age, required trainings, active or retired.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { catalogue, roleSchema, saveRole, saveTraining, trainingSchema } from "#app/modules/admin/catalogue.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";
import { optionalIntId } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema, resultFor, typed, type ActionResult } from "#app/lib/form.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "catalogue");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin.catalogue");
  const { db } = await getServices();
  return catalogue(db);
}

const catalogueIntent = intentSchema(["role", "training"] as const);
// Which form on the page answered (its messages go there): one of the page's own, and the row it edits (none: a new one).
const formOf = z.object({ key: z.string().regex(/^(role|training)-(new|\d{1,10})$/), id: optionalIntId }).passthrough();

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin.catalogue");
  const formData = await request.formData();
  const which = await parseForm(formData, formOf);
  if (which.status !== "success") {
    const notFound = Boolean(which.error?.id) && !which.error?.key;
    return refuse(which, { errors: { form: notFound ? "admin.errors.notFound" : "validation.invalid" }, status: notFound ? 404 : 400 });
  }
  const { key: form, id } = which.value;
  const chosen = await parseForm(formData, catalogueIntent);
  if (chosen.status !== "success") return refuse(chosen, { form, errors: { form: "events.errors.unknownAction" } });
  const deps = appDeps(await getServices());
  if (chosen.value.intent === "role") {
    const submission = await parseForm(formData, roleSchema);
    if (submission.status !== "success") return refuse(submission, { form });
    const result = await saveRole(deps, user, id ?? null, submission.value, context.requestId);
    return result.ok ? done({ form, message: "admin.catalogue.saved" }) : refuse(submission, { form, errors: result.errors, status: result.status ?? 400 });
  }
  const submission = await parseForm(formData, trainingSchema);
  if (submission.status !== "success") return refuse(submission, { form });
  const result = await saveTraining(deps, user, id ?? null, submission.value, context.requestId);
  return result.ok ? done({ form, message: "admin.catalogue.saved" }) : refuse(submission, { form, errors: result.errors, status: result.status ?? 400 });
}

type Row = { id: number; code: string; name_zh: string; name_en: string; description_zh: string; description_en: string };

function NamedFields({ prefix, row, errors, refused }: { prefix: string; row?: Row; errors: Record<string, string>; refused?: ActionResult<unknown> }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const field = (name: "code" | "nameZh" | "nameEn" | "descriptionZh" | "descriptionEn", label: string, value: string | undefined, max: number, required: boolean) => (
    <div className="form-field">
      <label htmlFor={`${prefix}-${name}`}>{label}</label>
      <input id={`${prefix}-${name}`} name={name} maxLength={max} required={required} defaultValue={typed(refused, name) ?? value ?? ""} {...(errors[name] ? { "aria-invalid": true, "aria-describedby": `${prefix}-${name}-error` } : {})} />
      {errors[name] ? (
        <p id={`${prefix}-${name}-error`} className="field-error" role="alert">
          {text(errors[name])}
        </p>
      ) : null}
    </div>
  );
  return (
    <div className="form-grid">
      {field("code", t("admin.catalogue.code"), row?.code, 40, true)}
      {field("nameZh", t("admin.rooms.nameZh"), row?.name_zh, 60, true)}
      {field("nameEn", t("admin.rooms.nameEn"), row?.name_en, 80, true)}
      {field("descriptionZh", t("admin.catalogue.descriptionZh"), row?.description_zh, 500, false)}
      {field("descriptionEn", t("admin.catalogue.descriptionEn"), row?.description_en, 800, false)}
    </div>
  );
}

export default function Catalogue() {
  const { roles, trainings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const errorsFor = (key: string) => errorMessages(resultFor(result, key));
  const notice = (key: string) => {
    const answered = resultFor(result, key);
    if (!answered) return null;
    const ok = answered.status === "success";
    return (
      <p className={ok ? "notice" : "form-error"} role={ok ? "status" : "alert"}>
        {ok ? t(answered.message ?? "") : errorsFor(key).form ? text(errorsFor(key).form) : t("plan.fixErrors")}
      </p>
    );
  };
  const roleForm = (key: string, role?: (typeof roles)[number]) => (
    <Form method="post">
      <input type="hidden" name="intent" value="role" />
      <input type="hidden" name="key" value={key} />
      {role ? <input type="hidden" name="id" value={role.id} /> : null}
      <NamedFields prefix={key} row={role} errors={errorsFor(key)} refused={resultFor(result, key)} />
      <div className="form-grid">
        <div className="form-field">
          <label htmlFor={`${key}-minAge`}>{t("admin.catalogue.minAge")}</label>
          <input id={`${key}-minAge`} name="minAge" type="number" min={0} max={100} required defaultValue={role?.min_age ?? 16} />
        </div>
        <div className="form-field form-field--check">
          <input id={`${key}-active`} name="active" type="checkbox" defaultChecked={role?.active ?? true} />
          <label htmlFor={`${key}-active`}>{t("admin.catalogue.active")}</label>
        </div>
      </div>
      <fieldset className="group">
        <legend>{t("admin.catalogue.requires")}</legend>
        {trainings.map((tr) => (
          <label key={tr.id} className="choice">
            <input type="checkbox" name="trainings" value={tr.id} defaultChecked={role?.trainings.includes(tr.id)} /> {localized(tr, "name")}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button">
        {t("admin.staff.save")}
      </button>
    </Form>
  );
  return (
    <>
      <h1>{t("admin.catalogue.title")}</h1>
      <p className="lead">{t("admin.catalogue.lead")}</p>
      <h2>{t("admin.catalogue.roles")}</h2>
      <ul className="plain-list">
        {roles.map((r) => (
          <li key={r.id} className="panel">
            <h3 className="h3">
              {localized(r, "name")} {r.active ? null : <span className="tag">{t("admin.rooms.inactive")}</span>}
            </h3>
            <p className="muted">
              {t("admin.catalogue.minAgeValue", { age: r.min_age })}
              {r.trainings.length ? ` · ${t("admin.catalogue.requires")}: ${r.trainings.map((id) => localized(trainings.find((x) => x.id === id)!, "name")).join("、")}` : ""}
            </p>
            {notice(`role-${r.id}`)}
            <details>
              <summary>{t("admin.staff.edit", { name: localized(r, "name") })}</summary>
              {roleForm(`role-${r.id}`, r)}
            </details>
          </li>
        ))}
      </ul>
      <section className="panel" aria-labelledby="new-role">
        <h2 id="new-role">{t("admin.catalogue.addRole")}</h2>
        {notice("role-new")}
        {roleForm("role-new")}
      </section>
      <h2>{t("admin.catalogue.trainings")}</h2>
      <ul className="plain-list">
        {trainings.map((tr) => (
          <li key={tr.id} className="panel">
            <h3 className="h3">{localized(tr, "name")}</h3>
            {notice(`training-${tr.id}`)}
            <details>
              <summary>{t("admin.staff.edit", { name: localized(tr, "name") })}</summary>
              <Form method="post">
                <input type="hidden" name="intent" value="training" />
                <input type="hidden" name="key" value={`training-${tr.id}`} />
                <input type="hidden" name="id" value={tr.id} />
                <NamedFields prefix={`training-${tr.id}`} row={tr} errors={errorsFor(`training-${tr.id}`)} refused={resultFor(result, `training-${tr.id}`)} />
                <button type="submit" className="button">
                  {t("admin.staff.save")}
                </button>
              </Form>
            </details>
          </li>
        ))}
      </ul>
      <section className="panel" aria-labelledby="new-training">
        <h2 id="new-training">{t("admin.catalogue.addTraining")}</h2>
        {notice("training-new")}
        <Form method="post">
          <input type="hidden" name="intent" value="training" />
          <input type="hidden" name="key" value="training-new" />
          <NamedFields prefix="training-new" errors={errorsFor("training-new")} refused={resultFor(result, "training-new")} />
          <button type="submit" className="button">
            {t("admin.rooms.create")}
          </button>
        </Form>
      </section>
    </>
  );
}
