import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError, RequiredMark, TextAreaField, TextField } from "#app/components/field.tsx";
import { ChildConsentField, GuardianRelationField } from "#app/components/child-consent.tsx";
import { PreferenceFields } from "#app/components/preference-fields.tsx";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { parseSubmission } from "#app/lib/form.ts";
import { applicationSchema, HEARD_FROM } from "#app/modules/recruitment/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "apply");

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, config } = await getServices();
  const [branches, roles] = await Promise.all([listBranches(db), listRoles(db)]);
  const url = new URL(request.url);
  return {
    // Before anyone has chosen a branch: the default zone's today (ages are checked against it).
    today: todayIn(config.defaultTimeZone),
    done: url.searchParams.get("done"),
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    roles: roles.filter((r) => r.active).map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en, min_age: r.min_age })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const services = await getServices();
  const today = todayIn(services.config.defaultTimeZone);
  const submission = await parseForm(request, applicationSchema(today), { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission);
  const result = await submitApplication(appDeps(services), submission.value, context.clientIp ?? "unknown");
  if (result.ok === "duplicate") {
    // We have this person already: tell them so, and email a sign-in link (not a second application).
    await sendVolunteerSignInCode(services, { email: submission.value.email, ip: context.clientIp ?? "unknown" });
    throw redirect("/join/apply?done=duplicate");
  }
  if (!result.ok) return refuse(submission, { errors: result.errors });
  throw redirect("/join/apply?done=received");
}

export default function Apply() {
  const { today, done, branches, roles } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const schema = applicationSchema(today);
  const [form, fields] = useForm({
    id: "apply",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, schema, { blankIsMissing: true }),
  });
  if (done) {
    return (
      <div className="card">
        <h1>{t(done === "duplicate" ? "apply.duplicateTitle" : "apply.receivedTitle")}</h1>
        <p role="status">{t(done === "duplicate" ? "apply.duplicate" : "apply.received")}</p>
        <p>
          <Link to="/volunteer/sign-in">{t("apply.signIn")}</Link>
        </p>
      </div>
    );
  }
  const checked = (name: string, value: string) => {
    const v = fields[name as keyof typeof fields]?.value;
    return Array.isArray(v) ? v.includes(value) : v === value;
  };
  return (
    <>
      <h1>{t("apply.title")}</h1>
      <p className="lead">{t("apply.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="language" value={i18n.language === "en" ? "en" : "zh-CN"} />
        <fieldset className="form-field">
          <legend>{t("apply.aboutYou")}</legend>
          <div className="form-grid">
            <TextField meta={fields.name} label={t("apply.name")} autoComplete="name" />
            <TextField meta={fields.phone} label={t("apply.phone")} type="tel" autoComplete="tel" />
            <TextField meta={fields.email} label={t("apply.email")} type="email" autoComplete="email" />
            <TextField meta={fields.birthDate} label={t("apply.birthDate")} type="date" max={today} autoComplete="bday" />
            <TextField meta={fields.cardNumber} label={t("apply.cardNumber")} inputMode="numeric" />
          </div>
        </fieldset>
        <PreferenceFields fields={fields} branches={branches} roles={roles} checked={checked} />
        <div className="form-grid">
          <TextAreaField meta={fields.skills} label={t("apply.skills")} />
          <TextField meta={fields.languagesSpoken} label={t("apply.languages")} />
          <div className="form-field">
            <label htmlFor={fields.heardFrom.id}>{t("apply.heardFrom")}</label>
            <select {...getSelectProps(fields.heardFrom)}>
              <option value="">—</option>
              {HEARD_FROM.map((h) => (
                <option key={h} value={h}>
                  {t(`apply.heard.${h}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <fieldset className="form-field">
          <legend>{t("apply.guardian")}</legend>
          <p className="muted">{t("apply.guardianLead")}</p>
          <div className="form-grid">
            <TextField meta={fields.guardianName} label={t("apply.guardianName")} />
            <TextField meta={fields.guardianPhone} label={t("apply.guardianPhone")} type="tel" />
            <GuardianRelationField meta={fields.guardianRelation} />
          </div>
          <label className="choice">
            <input {...getInputProps(fields.guardianConsent, { type: "checkbox" })} />
            {t("apply.guardianConsent")}
          </label>
          <FieldError id={fields.guardianConsent.errorId} errors={fields.guardianConsent.errors} />
          <ChildConsentField meta={fields.childConsent} />
        </fieldset>
        <div className="rules">
          <h2>{t("apply.rulesTitle")}</h2>
          <ul>
            <li>{t("apply.rule1")}</li>
            <li>{t("apply.rule2")}</li>
            <li>{t("apply.rule3")}</li>
            <li>{t("apply.rule4")}</li>
          </ul>
        </div>
        <label className="choice">
          <input {...getInputProps(fields.consent, { type: "checkbox" })} />
          {t("apply.consent")}
          <RequiredMark when={Boolean(fields.consent.required)} />
        </label>
        <FieldError id={fields.consent.errorId} errors={fields.consent.errors} />
        <p>
          <button type="submit" className="button">
            {t("apply.submit")}
          </button>
        </p>
      </Form>
    </>
  );
}
