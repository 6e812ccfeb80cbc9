import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { sendVolunteerSignInCode } from "#app/modules/auth/volunteer-sign-in.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { submitApplication } from "#app/modules/recruitment/applications.server.ts";
import { applicationSchema, HEARD_FROM } from "#app/modules/recruitment/schemas.ts";
import { shiftDeps } from "#app/modules/shifts/deps.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = () => [{ title: "志愿者报名 · 书香" }];

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const PARTS = ["am", "pm", "ev"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await getServices();
  const [branches, roles] = await Promise.all([listBranches(db), listRoles(db)]);
  const url = new URL(request.url);
  return {
    today: todayIn("Asia/Shanghai"),
    done: url.searchParams.get("done"),
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    roles: roles.filter((r) => r.active).map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en, min_age: r.min_age })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const today = todayIn("Asia/Shanghai");
  const submission = parseWithZod(await request.formData(), { schema: applicationSchema(today) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const services = await getServices();
  const result = await submitApplication(shiftDeps(services), submission.value, context.clientIp ?? "unknown");
  if (result.ok === "duplicate") {
    // We have this person already: tell them so, and email a sign-in link (not a second application).
    await sendVolunteerSignInCode(services, { email: submission.value.email, ip: context.clientIp ?? "unknown" });
    throw redirect("/join/apply?done=duplicate");
  }
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: Object.fromEntries(Object.entries(result.errors).map(([k, v]) => [k, [v]])) }), { status: 400 });
  }
  throw redirect("/join/apply?done=received");
}

export default function Apply() {
  const { today, done, branches, roles } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const schema = applicationSchema(today);
  const [form, fields] = useForm({
    id: "apply",
    lastResult,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
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
            <div className="form-field">
              <label htmlFor={fields.name.id}>{t("apply.name")}</label>
              <input {...getInputProps(fields.name, { type: "text" })} autoComplete="name" />
              <FieldError id={fields.name.errorId} errors={fields.name.errors} />
            </div>
            <div className="form-field">
              <label htmlFor={fields.phone.id}>{t("apply.phone")}</label>
              <input {...getInputProps(fields.phone, { type: "tel" })} autoComplete="tel" />
              <FieldError id={fields.phone.errorId} errors={fields.phone.errors} />
            </div>
            <div className="form-field">
              <label htmlFor={fields.email.id}>{t("apply.email")}</label>
              <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" />
              <FieldError id={fields.email.errorId} errors={fields.email.errors} />
            </div>
            <div className="form-field">
              <label htmlFor={fields.birthDate.id}>{t("apply.birthDate")}</label>
              <input {...getInputProps(fields.birthDate, { type: "date" })} max={today} autoComplete="bday" />
              <FieldError id={fields.birthDate.errorId} errors={fields.birthDate.errors} />
            </div>
            <div className="form-field">
              <label htmlFor={fields.cardNumber.id}>{t("apply.cardNumber")}</label>
              <input {...getInputProps(fields.cardNumber, { type: "text" })} inputMode="numeric" />
              <FieldError id={fields.cardNumber.errorId} errors={fields.cardNumber.errors} />
            </div>
          </div>
        </fieldset>
        <fieldset className="form-field">
          <legend>{t("apply.branches")}</legend>
          {branches.map((b) => (
            <label key={b.code} className="choice">
              <input type="checkbox" name={fields.branches.name} value={b.code} defaultChecked={checked("branches", b.code)} />
              {localized(b, "name")}
            </label>
          ))}
          <FieldError id={fields.branches.errorId} errors={fields.branches.errors} />
        </fieldset>
        <fieldset className="form-field">
          <legend>{t("apply.roles")}</legend>
          {roles.map((r) => (
            <label key={r.id} className="choice">
              <input type="checkbox" name={fields.roles.name} value={String(r.id)} defaultChecked={checked("roles", String(r.id))} />
              {localized(r, "name")}
            </label>
          ))}
          <FieldError id={fields.roles.errorId} errors={fields.roles.errors} />
        </fieldset>
        <fieldset className="form-field">
          <legend>{t("apply.availability")}</legend>
          <table className="availability">
            <thead>
              <tr>
                <td />
                {PARTS.map((p) => (
                  <th scope="col" key={p}>
                    {t(`apply.part.${p}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {DAYS.map((d) => (
                <tr key={d}>
                  <th scope="row">{t(`weekday.${d}`)}</th>
                  {PARTS.map((p) => (
                    <td key={p}>
                      <input type="checkbox" name={fields.availability.name} value={`${d}-${p}`} aria-label={`${t(`weekday.${d}`)} ${t(`apply.part.${p}`)}`} defaultChecked={checked("availability", `${d}-${p}`)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <FieldError id={fields.availability.errorId} errors={fields.availability.errors} />
        </fieldset>
        <div className="form-grid">
          <div className="form-field">
            <label htmlFor={fields.skills.id}>{t("apply.skills")}</label>
            <textarea {...getTextareaProps(fields.skills)} rows={3} />
            <FieldError id={fields.skills.errorId} errors={fields.skills.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.languagesSpoken.id}>{t("apply.languages")}</label>
            <input {...getInputProps(fields.languagesSpoken, { type: "text" })} />
            <FieldError id={fields.languagesSpoken.errorId} errors={fields.languagesSpoken.errors} />
          </div>
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
            <div className="form-field">
              <label htmlFor={fields.guardianName.id}>{t("apply.guardianName")}</label>
              <input {...getInputProps(fields.guardianName, { type: "text" })} />
              <FieldError id={fields.guardianName.errorId} errors={fields.guardianName.errors} />
            </div>
            <div className="form-field">
              <label htmlFor={fields.guardianPhone.id}>{t("apply.guardianPhone")}</label>
              <input {...getInputProps(fields.guardianPhone, { type: "tel" })} />
              <FieldError id={fields.guardianPhone.errorId} errors={fields.guardianPhone.errors} />
            </div>
          </div>
          <label className="choice">
            <input {...getInputProps(fields.guardianConsent, { type: "checkbox" })} />
            {t("apply.guardianConsent")}
          </label>
          <FieldError id={fields.guardianConsent.errorId} errors={fields.guardianConsent.errors} />
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
