import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { ID_DOC_TYPES } from "#app/modules/records/constants.ts";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError } from "#app/components/field.tsx";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { volunteerZone, listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { formatDate, formatHours, formatClockRange, formatMonth } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema, resultFor, typedValues } from "#app/lib/form.ts";
import { calendarDate, code, optionalIntId } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { idDocumentSchema, issueCertificate, listCertificates, myIdDocument, setIdDocument } from "#app/modules/records/certificates.server.ts";
import { listRecords, myHours } from "#app/modules/records/records.server.ts";
import { correctableBookings, correctionRequestSchema, listCorrections, requestCorrection } from "#app/modules/records/corrections.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "hours");

export const certificateSchema = z.object({
  from: calendarDate,
  to: calendarDate,
  branch: z.preprocess((v) => (v === "" ? undefined : v), code().optional()),
  roleId: optionalIntId,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db, config } = await getServices();
  const [hours, records, corrections, bookings, branches, roles, certificates, idDocument, zone] = await Promise.all([
    myHours(db, user.id),
    listRecords(db, { volunteerId: user.id, limit: 50 }),
    listCorrections(db, { volunteerId: user.id, limit: 50 }),
    correctableBookings(db, user.id),
    listBranches(db),
    listRoles(db),
    listCertificates(db, { volunteerId: user.id }),
    myIdDocument(db, config.sessionSecret, user.id),
    volunteerZone(db, user.id, config.defaultTimeZone),
  ]);
  const today = todayIn(zone);
  return {
    ...hours,
    today,
    yearStart: `${today.slice(0, 4)}-01-01`,
    records,
    corrections,
    bookings,
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    roles: roles.map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
    certificates,
    idDocument,
  };
}


const hoursIntent = intentSchema(["certificate", "correction", "id-document", "id-document-remove"] as const);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const formData = await request.formData();
  const chosen = await parseForm(formData, hoursIntent);
  if (chosen.status !== "success") return refuse(chosen, { form: "certificate", errors: { from: "validation.choice" } });
  const { intent } = chosen.value;
  const { db, config } = await getServices();
  if (intent === "id-document" || intent === "id-document-remove") {
    // The number typed is not sent back.
    const submission = await parseForm(formData, idDocumentSchema);
    if (submission.status !== "success") return refuse(submission, { form: "id-document", hide: ["idDocNumber"] });
    await setIdDocument(db, config.sessionSecret, user.id, submission.value);
    return done({ form: "id-document", message: intent === "id-document-remove" ? "certificate.idDoc.removed" : "certificate.idDoc.saved" });
  }
  if (intent === "correction") {
    const submission = await parseForm(formData, correctionRequestSchema);
    if (submission.status !== "success") return refuse(submission, { form: intent });
    const result = await requestCorrection(db, user.id, submission.value);
    if (!result.ok) return refuse(submission, { form: intent, errors: result.errors, status: result.status });
    return done({ form: intent });
  }
  const submission = await parseForm(formData, certificateSchema);
  if (submission.status !== "success") return refuse(submission, { form: intent });
  const result = await issueCertificate(db, { volunteerId: user.id, ...submission.value }, null, context.requestId);
  if (!result.ok) return refuse(submission, { form: intent, errors: result.errors });
  return redirect(`/certificates/${result.code}`);
}

export default function MyHours() {
  const { months, years, today, yearStart, records, corrections, bookings, branches, roles, certificates, idDocument } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  // Each of the page's forms: its messages, what was typed into it, and whether it was saved.
  const view = (form: string) => {
    const answered = resultFor(result, form);
    return answered ? { errors: errorMessages(answered), values: typedValues(answered), saved: answered.status === "success", message: answered.message } : undefined;
  };
  const certificate = view("certificate");
  const correction = view("correction");
  const idDoc = view("id-document");
  const values = (certificate?.values ?? {}) as Record<string, string | string[] | undefined>;
  const cValues = (correction?.values ?? {}) as Record<string, string | undefined>;
  const cErr = correction?.errors ?? {};
  const fieldProps = (name: string) => ({ "aria-invalid": cErr[name] ? true : undefined, "aria-describedby": cErr[name] ? `k-${name}-error` : undefined });
  // Deleting the stored document asks first (also without JavaScript): a page of its own.
  if (useConfirming() === "id-document-remove" && idDocument) {
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.removeIdDocument")} confirmLabel={t("confirm.removeIdDocumentYes")} fields={{ intent: "id-document-remove" }}>
        <p>
          {t(`certificate.idDoc.types.${idDocument.type}`)} <span className="id-number">{idDocument.masked}</span>
        </p>
        <p>{t("confirm.removeIdDocumentText")}</p>
      </ConfirmStep>
    );
  }
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
                  <th scope="row">{formatMonth(m.period, i18n.language)}</th>
                  <td>{m.sessions}</td>
                  <td>{formatHours(m.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section aria-labelledby="my-records">
        <h2 id="my-records">{t("records.mine")}</h2>
        {records.length === 0 ? (
          <p>{t("records.none")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("records.fields.date")}</th>
                  <th scope="col">{t("records.fields.activity")}</th>
                  <th scope="col">{t("records.fields.place")}</th>
                  <th scope="col">{t("records.fields.time")}</th>
                  <th scope="col">{t("records.fields.hours")}</th>
                  <th scope="col">{t("records.fields.quality")}</th>
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDate(r.localDate, i18n.language)}</td>
                    <td>{en ? r.activityEn : r.activityZh}</td>
                    <td>
                      {en ? r.branchEn : r.branchZh}
                      {r.roomZh ? ` · ${en ? r.roomEn : r.roomZh}` : ""}
                    </td>
                    <td>{r.startedAt ? formatClockRange(r.startedAt, r.endedAt, r.timezone) : "—"}</td>
                    <td>{formatHours(r.minutes)}</td>
                    <td>{r.quality ? t(`records.quality.${r.quality}`) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="corrections" id="corrections">
        <h2 id="corrections-title">{t("records.corrections.title")}</h2>
        <p>{t("records.corrections.lead")}</p>
        {corrections.length > 0 ? (
          <ul className="roster" aria-labelledby="corrections-title">
            {corrections.map((c) => (
              <li key={c.id}>
                <p>
                  <strong>{formatDate(c.localDate, i18n.language)}</strong> · {c.kind === "unscheduled" ? c.activity : en ? c.roleEn : c.roleZh} · {en ? c.branchEn : c.branchZh} · {t("records.corrections.asked", { hours: formatHours(c.minutes) })}{" "}
                  <span className={`status status--${c.status === "approved" ? "sent" : c.status === "declined" ? "failed" : "queued"}`}>{t(`records.corrections.status.${c.status}`)}</span>
                </p>
                <p className="muted">
                  {t(`records.corrections.kind.${c.kind}`)}: {c.note}
                </p>
                {c.status === "approved" && c.decidedMinutes !== null ? <p>{t("records.corrections.approvedHours", { hours: formatHours(c.decidedMinutes) })}</p> : null}
                {c.decisionReason ? <p>{t("records.corrections.reason", { reason: c.decisionReason })}</p> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {correction?.saved ? (
          <p className="notice" role="status">
            {t("records.corrections.sent")}
          </p>
        ) : null}
        <Form method="post" className="stack" aria-labelledby="corrections-title">
          <input type="hidden" name="intent" value="correction" />
          <fieldset>
            <legend>{t("records.corrections.kindLegend")}</legend>
            {(["missing-check-in", "wrong-hours", "unscheduled"] as const).map((k) => (
              <label key={k} className="choice">
                <input type="radio" name="kind" value={k} defaultChecked={(cValues.kind ?? "missing-check-in") === k} /> {t(`records.corrections.kind.${k}`)}
              </label>
            ))}
            <FieldError id="k-kind-error" errors={cErr.kind ? [cErr.kind] : undefined} />
          </fieldset>
          <div className="form-field">
            <label htmlFor="k-booking">{t("records.corrections.booking")}</label>
            <select id="k-booking" name="bookingId" defaultValue={cValues.bookingId ?? ""} {...fieldProps("bookingId")}>
              <option value="">{t("records.corrections.bookingNone")}</option>
              {bookings.map((b) => (
                <option key={b.id} value={b.id}>
                  {formatDate(b.local_date, i18n.language)} {formatClockRange(b.starts_at, b.ends_at, b.timezone)} · {en ? b.role_en : b.role_zh} · {en ? b.branch_en : b.branch_zh} · {b.minutes === null ? t("records.corrections.noRecord") : t("records.corrections.recorded", { hours: formatHours(b.minutes) })}
                </option>
              ))}
            </select>
            <FieldError id="k-bookingId-error" errors={cErr.bookingId ? [cErr.bookingId] : undefined} />
          </div>
          <p className="muted">{t("records.corrections.unscheduledHint")}</p>
          <div className="filters">
            <div className="form-field">
              <label htmlFor="k-branch">{t("shifts.branch")}</label>
              <select id="k-branch" name="branch" defaultValue={cValues.branch ?? ""} {...fieldProps("branch")}>
                <option value="">—</option>
                {branches.map((b) => (
                  <option key={b.code} value={b.code}>
                    {en ? b.name_en : b.name_zh}
                  </option>
                ))}
              </select>
              <FieldError id="k-branch-error" errors={cErr.branch ? [cErr.branch] : undefined} />
            </div>
            <div className="form-field">
              <label htmlFor="k-date">{t("records.fields.date")}</label>
              <input id="k-date" type="date" name="date" max={today} defaultValue={cValues.date ?? ""} {...fieldProps("date")} />
              <FieldError id="k-date-error" errors={cErr.date ? [cErr.date] : undefined} />
            </div>
            <div className="form-field">
              <label htmlFor="k-activity">{t("records.fields.activity")}</label>
              <input id="k-activity" name="activity" maxLength={120} defaultValue={cValues.activity ?? ""} {...fieldProps("activity")} />
              <FieldError id="k-activity-error" errors={cErr.activity ? [cErr.activity] : undefined} />
            </div>
          </div>
          <div className="form-field">
            <label htmlFor="k-hours">{t("records.corrections.hours")}</label>
            <input id="k-hours" name="hours" type="number" step="0.5" min="0" max="24" required className="narrow" defaultValue={cValues.hours ?? ""} {...fieldProps("hours")} />
            <FieldError id="k-hours-error" errors={cErr.hours ? [cErr.hours] : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor="k-note">{t("records.corrections.note")}</label>
            <textarea id="k-note" name="note" rows={3} maxLength={500} required defaultValue={cValues.note ?? ""} {...fieldProps("note")} />
            <FieldError id="k-note-error" errors={cErr.note ? [cErr.note] : undefined} />
          </div>
          <button type="submit" className="button">
            {t("records.corrections.submit")}
          </button>
        </Form>
      </section>

      <h2>{t("certificate.request")}</h2>
      <p>{t("certificate.requestLead")}</p>
      <Form method="post" className="filters">
        <input type="hidden" name="intent" value="certificate" />
        <div className="form-field">
          <label htmlFor="c-from">{t("certificate.from")}</label>
          <input id="c-from" type="date" name="from" required defaultValue={values.from ?? yearStart} aria-invalid={certificate?.errors.from ? true : undefined} aria-describedby={certificate?.errors.from ? "c-from-error" : undefined} />
          <FieldError id="c-from-error" errors={certificate?.errors.from ? [certificate.errors.from] : undefined} />
        </div>
        <div className="form-field">
          <label htmlFor="c-to">{t("certificate.to")}</label>
          <input id="c-to" type="date" name="to" required defaultValue={values.to ?? today} aria-invalid={certificate?.errors.to ? true : undefined} aria-describedby={certificate?.errors.to ? "c-to-error" : undefined} />
          <FieldError id="c-to-error" errors={certificate?.errors.to ? [certificate.errors.to] : undefined} />
        </div>
        <div className="form-field">
          <label htmlFor="c-branch">{t("shifts.branch")}</label>
          <select id="c-branch" name="branch" defaultValue={(values.branch as string) ?? ""} aria-invalid={certificate?.errors.branch ? true : undefined} aria-describedby={certificate?.errors.branch ? "c-branch-error" : undefined}>
            <option value="">{t("certificate.allBranches")}</option>
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {en ? b.name_en : b.name_zh}
              </option>
            ))}
          </select>
          <FieldError id="c-branch-error" errors={certificate?.errors.branch ? [certificate.errors.branch] : undefined} />
        </div>
        <div className="form-field">
          <label htmlFor="c-role">{t("certificate.activityType")}</label>
          <select id="c-role" name="roleId" defaultValue={(values.roleId as string) ?? ""} aria-invalid={certificate?.errors.roleId ? true : undefined} aria-describedby={certificate?.errors.roleId ? "c-role-error" : undefined}>
            <option value="">{t("certificate.allActivities")}</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {en ? r.name_en : r.name_zh}
              </option>
            ))}
          </select>
          <FieldError id="c-role-error" errors={certificate?.errors.roleId ? [certificate.errors.roleId] : undefined} />
        </div>
        <button type="submit" className="button">
          {t("certificate.issue")}
        </button>
      </Form>
      {certificates.length > 0 ? (
        <>
          <h3>{t("certificate.mine")}</h3>
          <ul>
            {certificates.map((c) => (
              <li key={c.code}>
                <a href={`/certificates/${c.code}`}>{c.number}</a> · {formatDate(c.periodFrom, i18n.language)} – {formatDate(c.periodTo, i18n.language)} · {formatHours(c.minutes)} h · {t("certificate.issued")} {formatDate(c.issueDate, i18n.language)}
                {c.revokedAt ? <span className="status status--failed"> {t("certificate.revoked")}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <section aria-labelledby="id-document">
        <h2 id="id-document">{t("certificate.idDoc.title")}</h2>
        <p>{t("certificate.idDoc.lead")}</p>
        {idDoc?.saved ? (
          <p className="notice" role="status">
            {t(idDoc.message ?? "certificate.idDoc.saved")}
          </p>
        ) : null}
        {idDocument ? (
          <div className="filters">
            <p>
              {t(`certificate.idDoc.types.${idDocument.type}`)} <span className="id-number">{idDocument.masked}</span>
            </p>
            <ConfirmLink intent="id-document-remove" fields={{}} className="button button--quiet">
              {t("certificate.idDoc.remove")}
            </ConfirmLink>
          </div>
        ) : (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="id-document" />
            <div className="filters">
              <div className="form-field">
                <label htmlFor="d-type">{t("certificate.idDoc.type")}</label>
                <select id="d-type" name="idDocType" defaultValue="resident-id">
                  {ID_DOC_TYPES.map((d) => (
                    <option key={d} value={d}>
                      {t(`certificate.idDoc.types.${d}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="form-field">
                <label htmlFor="d-number">{t("certificate.idDoc.number")}</label>
                <input id="d-number" name="idDocNumber" maxLength={30} autoComplete="off" required aria-invalid={idDoc?.errors.idDocNumber ? true : undefined} aria-describedby={idDoc?.errors.idDocNumber ? "d-number-error" : undefined} />
                <FieldError id="d-number-error" errors={idDoc?.errors.idDocNumber ? [idDoc.errors.idDocNumber] : undefined} />
              </div>
            </div>
            <label className="choice">
              <input type="checkbox" name="consent" required aria-invalid={idDoc?.errors.consent ? true : undefined} aria-describedby={idDoc?.errors.consent ? "d-consent-error" : undefined} /> {t("certificate.idDoc.consent")}
            </label>
            <FieldError id="d-consent-error" errors={idDoc?.errors.consent ? [idDoc.errors.consent] : undefined} />
            <button type="submit" className="button">
              {t("certificate.idDoc.save")}
            </button>
          </Form>
        )}
      </section>
    </>
  );
}
