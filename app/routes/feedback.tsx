// The suggestion box, and the feedback form an event's attendees reach from the email after it:
// a suggestion, question or complaint, an optional rating and contact for a reply.
import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, FormError, TextAreaField, TextField } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { feedbackContext, submitFeedback } from "#app/modules/events/feedback.server.ts";
import { FEEDBACK_KINDS, feedbackSchema } from "#app/modules/events/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { parseSubmission } from "#app/lib/form.ts";
import { noindex, pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "feedback", [noindex]);

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("event") ?? undefined;
  const { db } = await getServices();
  const [context, branches] = await Promise.all([feedbackContext(db, token), listBranches(db)]);
  return {
    done: url.searchParams.get("done") === "1",
    event: context ? { token, title_zh: context.title_zh, title_en: context.title_en } : null,
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = await parseForm(request, feedbackSchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission);
  const result = await submitFeedback(appDeps(await getServices()), submission.value);
  if (!result.ok) return refuse(submission, { errors: result.errors });
  throw redirect("/feedback?done=1");
}

export default function Feedback() {
  const { done, event, branches } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const [form, fields] = useForm({
    id: "feedback",
    lastResult,
    constraint: getZodConstraint(feedbackSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, feedbackSchema, { blankIsMissing: true }),
  });
  if (done) {
    return (
      <div className="card">
        <h1>{t("feedback.thanksTitle")}</h1>
        <p role="status">{t("feedback.thanks")}</p>
        <p>
          <Link to="/events">{t("events.back")}</Link>
        </p>
      </div>
    );
  }
  return (
    <>
      <h1>{t("feedback.title")}</h1>
      <p className="lead">{event ? t("feedback.aboutEvent", { title: localized(event, "title") }) : t("feedback.lead")}</p>
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormError id={form.errorId} errors={form.errors} />
        {event?.token ? <input type="hidden" name="event" value={event.token} /> : null}
        <input type="hidden" name="language" value={i18n.language === "en" ? "en" : "zh-CN"} />
        <fieldset className="group">
          <legend>{t("feedback.kind")}</legend>
          {FEEDBACK_KINDS.map((k) => (
            <label key={k} className="choice">
              <input type="radio" name={fields.kind.name} value={k} defaultChecked={fields.kind.initialValue === k} required /> {t(`feedback.kinds.${k}`)}
            </label>
          ))}
          <FieldError id={fields.kind.errorId} errors={fields.kind.errors} />
        </fieldset>
        <div className="form-grid">
          <div className="form-field">
            <label htmlFor={fields.rating.id}>{t("feedback.rating")}</label>
            <select {...getSelectProps(fields.rating)}>
              <option value="">—</option>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={n}>
                  {t("feedback.stars", { count: n })}
                </option>
              ))}
            </select>
          </div>
          {event ? null : (
            <div className="form-field">
              <label htmlFor={fields.branch.id}>{t("feedback.branch")}</label>
              <select {...getSelectProps(fields.branch)}>
                <option value="">{t("feedback.anyBranch")}</option>
                {branches.map((b) => (
                  <option key={b.code} value={b.code}>
                    {localized(b, "name")}
                  </option>
                ))}
              </select>
              <FieldError id={fields.branch.errorId} errors={fields.branch.errors} />
            </div>
          )}
        </div>
        <TextAreaField meta={fields.body} label={t("feedback.body")} rows={5} />
        <div className="form-grid">
          <TextField meta={fields.contactName} label={t("feedback.contactName")} autoComplete="name" />
          <TextField meta={fields.contactEmail} label={t("feedback.contactEmail")} type="email" autoComplete="email" />
        </div>
        <p className="muted">{t("feedback.privacy")}</p>
        <button type="submit" className="button">
          {t("feedback.submit")}
        </button>
      </Form>
    </>
  );
}
