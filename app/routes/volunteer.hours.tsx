import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError } from "#app/components/field.tsx";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { issueCertificate } from "#app/modules/shifts/certificates.server.ts";
import { volunteerZone } from "#app/modules/branches/branches.server.ts";
import { myHours, todayIn } from "#app/modules/shifts/queries.server.ts";
import { formatHours } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { formValues } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hours");

const certificateSchema = z.object({
  from: z.string({ required_error: "validation.required" }).regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date"),
  to: z.string({ required_error: "validation.required" }).regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date"),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db, config } = await getServices();
  const [hours, zone] = await Promise.all([myHours(db, user.id), volunteerZone(db, user.id, config.defaultTimeZone)]);
  const today = todayIn(zone);
  return { ...hours, today, yearStart: `${today.slice(0, 4)}-01-01` };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const form = formValues(await request.formData());
  const parsed = certificateSchema.safeParse(form);
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ errors, values: form }, { status: 400 });
  }
  const { db, config } = await getServices();
  const today = todayIn(await volunteerZone(db, user.id, config.defaultTimeZone));
  const result = await issueCertificate(db, user.id, parsed.data.from, parsed.data.to, null, today);
  if (!result.ok) return data({ errors: result.errors, values: form }, { status: 400 });
  return redirect(`/certificates/${result.code}`);
}

export default function MyHours() {
  const { months, years, today, yearStart } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const values = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  return (
    <>
      <h1>{t("hours.title")}</h1>
      <p className="lead">{t("hours.lead")}</p>
      {years.length === 0 ? (
        <p>{t("hours.none")}</p>
      ) : (
        <div className="two-columns">
          <table className="data">
            <caption>{t("hours.byYear")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("hours.year")}</th>
                <th scope="col">{t("hours.sessions")}</th>
                <th scope="col">{t("hours.hours")}</th>
              </tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr key={y.period}>
                  <th scope="row">{y.period}</th>
                  <td>{y.sessions}</td>
                  <td>{formatHours(y.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data">
            <caption>{t("hours.byMonth")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("hours.month")}</th>
                <th scope="col">{t("hours.sessions")}</th>
                <th scope="col">{t("hours.hours")}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.period}>
                  <th scope="row">{m.period}</th>
                  <td>{m.sessions}</td>
                  <td>{formatHours(m.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("certificate.request")}</h2>
      <p>{t("certificate.requestLead")}</p>
      <Form method="post" className="filters">
        <div className="form-field">
          <label htmlFor="c-from">{t("certificate.from")}</label>
          <input id="c-from" type="date" name="from" required defaultValue={values.from ?? yearStart} aria-invalid={result?.errors.from ? true : undefined} aria-describedby={result?.errors.from ? "c-from-error" : undefined} />
          <FieldError id="c-from-error" errors={result?.errors.from ? [result.errors.from] : undefined} />
        </div>
        <div className="form-field">
          <label htmlFor="c-to">{t("certificate.to")}</label>
          <input id="c-to" type="date" name="to" required defaultValue={values.to ?? today} aria-invalid={result?.errors.to ? true : undefined} aria-describedby={result?.errors.to ? "c-to-error" : undefined} />
          <FieldError id="c-to-error" errors={result?.errors.to ? [result.errors.to] : undefined} />
        </div>
        <button type="submit" className="button">
          {t("certificate.issue")}
        </button>
      </Form>
    </>
  );
}
