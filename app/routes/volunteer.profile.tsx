import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError, TextAreaField, TextField } from "#app/components/field.tsx";
import { PreferenceFields } from "#app/components/preference-fields.tsx";
import { SignOutEverywhere } from "#app/components/sign-out-everywhere.tsx";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { endSession } from "#app/modules/auth/session.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { mailPreferencesSchema, profileSchema } from "#app/modules/recruitment/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { anonymiseVolunteer, changeOwnStatus, getVolunteerProfile, setMailPreferences, updateProfile } from "#app/modules/volunteers/profile.server.ts";
import { getServices } from "#app/services.server.ts";
import { checkbox } from "#app/lib/input.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { fieldErrors, intentSchema, parseSubmission, resultFor } from "#app/lib/form.ts";
import { z } from "zod";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "profile");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db } = await getServices();
  const [profile, branches, roles] = await Promise.all([getVolunteerProfile(db, user.id), listBranches(db), listRoles(db)]);
  if (!profile) throw new Response("Not Found", { status: 404 });
  // Never chosen (volunteers from before the application form): the roles they have served in.
  const servedRoles = profile.preferred_roles.length
    ? profile.preferred_roles
    : (await db.selectFrom("shuxiang.bookings as b").innerJoin("shuxiang.shifts as s", "s.id", "b.shift_id").select("s.role_id").distinct().where("b.volunteer_id", "=", user.id).execute()).map((r) => r.role_id);
  return {
    profile: { ...profile, preferred_roles: servedRoles },
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    roles: roles.filter((r) => r.active).map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
  };
}

const profileIntent = intentSchema(["save", "pause", "resume", "retire", "mail", "delete"] as const);
// Retiring and deleting ask for a ticked box first.
const confirmSchema = z.object({ confirm: checkbox }).passthrough();

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const formData = await request.formData();
  const chosen = await parseForm(formData, profileIntent);
  if (chosen.status !== "success") return refuse(chosen, { form: "save" });
  const { intent } = chosen.value;
  const services = await getServices();
  if (intent === "pause" || intent === "resume" || intent === "retire" || intent === "delete") {
    const submission = await parseForm(formData, confirmSchema);
    if (submission.status !== "success") return refuse(submission, { form: "status" });
    if ((intent === "retire" || intent === "delete") && !submission.value.confirm) return refuse(submission, { form: "status", errors: { form: "profile.errors.confirm" } });
    if (intent === "delete") {
      const result = await anonymiseVolunteer(appDeps(services), user.id);
      if (!result.ok) return refuse(submission, { form: "status", errors: { form: result.errors.form } });
      throw redirect("/?deleted=1", { headers: { "Set-Cookie": await endSession(services.db, services.config, request) } });
    }
    const result = await changeOwnStatus(appDeps(services), user.id, intent);
    if (!result.ok) return refuse(submission, { form: "status", errors: { form: result.errors.form } });
    throw redirect(`/volunteer/profile?done=${intent}`);
  }
  if (intent === "mail") {
    const submission = await parseForm(formData, mailPreferencesSchema, { blankIsMissing: true });
    if (submission.status !== "success") return refuse(submission, { form: "status", errors: { form: "profile.errors.status" } });
    await setMailPreferences(services.db, user.id, submission.value);
    throw redirect("/volunteer/profile?done=mail");
  }
  const submission = await parseForm(formData, profileSchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission, { form: "save" });
  const result = await updateProfile(services.db, user.id, submission.value);
  if (!result.ok) return refuse(submission, { form: "save", errors: result.errors });
  throw redirect("/volunteer/profile?done=saved");
}

const ALL_SLOTS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].flatMap((d) => ["am", "pm", "ev"].map((p) => `${d}-${p}`));

const DONE: Record<string, string> = { saved: "profile.saved", mail: "profile.mailSaved", pause: "profile.paused", resume: "profile.resumed", retire: "profile.retired" };

export default function Profile() {
  const { profile, branches, roles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  // A new form after each navigation (the save redirects here), so it shows what was stored.
  const location = useLocation();
  const { t } = useTranslation();
  const lastResult = resultFor(actionData, "save");
  const statusError = fieldErrors(resultFor(actionData, "status"), "")?.[0];
  const [form, fields] = useForm({
    id: `profile-${location.key}`,
    lastResult,
    constraint: getZodConstraint(profileSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, profileSchema, { blankIsMissing: true }),
    defaultValue: {
      name: profile.name,
      phone: profile.phone ?? "",
      language: profile.language,
      // Never chosen (volunteers from before the application form): their home branch.
      branches: profile.preferred_branches.length ? profile.preferred_branches : profile.home_branch_code ? [profile.home_branch_code] : [],
      roles: profile.preferred_roles.map(String),
      // Not stated means any time.
      availability: profile.availability ?? ALL_SLOTS,
      skills: profile.skills,
      languagesSpoken: profile.languages_spoken,
    } as Record<string, string | string[]> as never,
  });
  const checked = (name: "branches" | "roles" | "availability", value: string) => {
    const v = fields[name].value;
    return Array.isArray(v) ? v.includes(value) : v === value;
  };
  const done = params.get("done");
  const active = profile.status === "appointed" || profile.status === "paused";
  return (
    <>
      <h1>{t("profile.title")}</h1>
      <p className="lead">{t("profile.lead")}</p>
      {done && DONE[done] ? (
        <p className="notice" role="status">
          {t(DONE[done])}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="intent" value="save" />
        <div className="form-grid">
          <TextField meta={fields.name} label={t("apply.name")} autoComplete="name" />
          <TextField meta={fields.phone} label={t("apply.phone")} type="tel" autoComplete="tel" />
          <div className="form-field">
            <label htmlFor="profile-email">{t("apply.email")}</label>
            <input id="profile-email" type="email" value={profile.email} readOnly aria-readonly="true" />
          </div>
          <div className="form-field">
            <label htmlFor={fields.language.id}>{t("app.language")}</label>
            <select {...getSelectProps(fields.language)}>
              <option value="zh-CN">简体中文</option>
              <option value="en">English</option>
            </select>
          </div>
        </div>
        <PreferenceFields fields={fields} branches={branches} roles={roles} checked={checked} />
        <div className="form-grid">
          <TextAreaField meta={fields.skills} label={t("apply.skills")} />
          <TextField meta={fields.languagesSpoken} label={t("apply.languages")} />
        </div>
        <button type="submit" className="button">
          {t("profile.save")}
        </button>
      </Form>

      <section className="panel" aria-labelledby="status-title">
        <h2 id="status-title">{t("profile.status")}</h2>
        {statusError ? (
          <p className="form-error" role="alert">
            {t(statusError)}
          </p>
        ) : null}
        <p>
          {t("volunteer.status")}: <strong>{t(`volunteer.status${profile.status.charAt(0).toUpperCase()}${profile.status.slice(1)}`)}</strong>
        </p>
        {profile.status === "appointed" ? (
          <Form method="post">
            <p>{t("profile.pauseLead")}</p>
            <button type="submit" name="intent" value="pause" className="button button--quiet">
              {t("profile.pause")}
            </button>
          </Form>
        ) : null}
        {profile.status === "paused" || profile.status === "retired" ? (
          <Form method="post">
            <button type="submit" name="intent" value="resume" className="button">
              {profile.status === "paused" ? t("profile.resume") : t("profile.rejoin")}
            </button>
          </Form>
        ) : null}
        {active ? (
          <Form method="post">
            <h3>{t("profile.retire")}</h3>
            <p>{t("profile.retireLead")}</p>
            <label className="choice">
              <input type="checkbox" name="confirm" required /> {t("profile.retireConfirm")}
            </label>
            <button type="submit" name="intent" value="retire" className="button button--danger">
              {t("profile.retire")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="mail-title">
        <h2 id="mail-title">{t("profile.mail")}</h2>
        <Form method="post" key={location.key}>
          <fieldset>
            <legend>{t("profile.mailLead")}</legend>
            <label className="choice">
              <input type="checkbox" name="help" defaultChecked={profile.wants_calls_for_help} /> {t("profile.mailHelp")}
            </label>
            <label className="choice">
              <input type="checkbox" name="reminders" defaultChecked={profile.wants_reminders} /> {t("profile.mailReminders")}
            </label>
          </fieldset>
          <button type="submit" name="intent" value="mail" className="button button--quiet">
            {t("profile.mailSave")}
          </button>
        </Form>
      </section>

      <SignOutEverywhere />

      <section className="panel" aria-labelledby="data-title">
        <h2 id="data-title">{t("profile.data")}</h2>
        <p>{t("profile.dataLead")}</p>
        <p>
          <a className="button button--quiet" href="/volunteer/profile/data" download>
            {t("profile.download")}
          </a>
        </p>
        <Form method="post">
          <h3>{t("profile.delete")}</h3>
          <p>{t("profile.deleteLead")}</p>
          <label className="choice">
            <input type="checkbox" name="confirm" required /> {t("profile.deleteConfirm")}
          </label>
          <button type="submit" name="intent" value="delete" className="button button--danger">
            {t("profile.deleteButton")}
          </button>
        </Form>
      </section>
    </>
  );
}
