// One service record with every field the rules name, its evaluation, and its whole history.
import { pageTitle } from "#app/components/page-title.ts";
import { QUALITIES } from "#app/modules/records/constants.ts";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, useErrorText } from "#app/components/field.tsx";
import { requireStaff } from "#app/web/guards.server.ts";
import { authorize } from "#app/modules/auth/policy.ts";
import { evaluateRecord, evaluationSchema, recordHistory } from "#app/modules/records/records.server.ts";
import { intId } from "#app/lib/input.ts";
import { formatClockRange, formatDate, formatHours, formatInstant } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, typed } from "#app/lib/form.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "serviceRecords");

function recordId(raw: string | undefined): number {
  const id = intId.safeParse(raw);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { db } = await getServices();
  const found = await recordHistory(db, recordId(params.id));
  if (!found) throw new Response("Not Found", { status: 404 });
  authorize(user, "record.evaluate", found.record.branchCode);
  return found;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const id = recordId(params.id);
  const submission = await parseForm(request, evaluationSchema);
  if (submission.status !== "success") return refuse(submission);
  const { db } = await getServices();
  const result = await evaluateRecord(db, user, id, submission.value, context.requestId);
  if (!result.ok) return refuse(submission, { errors: result.errors, status: result.status });
  return done();
}

export default function RecordPage() {
  const { record: r, revisions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const text = useErrorText();
  const en = i18n.language === "en";
  const errors = errorMessages(result);
  return (
    <>
      <p>
        <Link to="/staff/records">{t("records.staff.back")}</Link>
      </p>
      <h1>{t("records.staff.recordTitle", { id: r.id })}</h1>
      <dl className="facts">
        <dt>{t("records.fields.volunteer")}</dt>
        <dd>
          {r.volunteerName} {r.volunteerNumber ? `(${r.volunteerNumber})` : ""}
        </dd>
        <dt>{t("records.fields.activity")}</dt>
        <dd>{en ? r.activityEn : r.activityZh}</dd>
        <dt>{t("records.fields.date")}</dt>
        <dd>{formatDate(r.localDate, i18n.language)}</dd>
        <dt>{t("records.fields.place")}</dt>
        <dd>
          {en ? r.branchEn : r.branchZh}
          {r.roomZh ? ` · ${en ? r.roomEn : r.roomZh}` : ""}
        </dd>
        <dt>{t("records.fields.beneficiaries")}</dt>
        <dd>{t(`events.audiences.${r.beneficiaries}`, { defaultValue: r.beneficiaries })}</dd>
        <dt>{t("records.fields.content")}</dt>
        <dd>{en ? r.contentEn : r.contentZh}</dd>
        <dt>{t("records.fields.time")}</dt>
        <dd>{r.startedAt ? formatClockRange(r.startedAt, r.endedAt, r.timezone) : "—"}</dd>
        <dt>{t("records.fields.hours")}</dt>
        <dd>{formatHours(r.minutes)}</dd>
        <dt>{t("records.fields.quality")}</dt>
        <dd>
          {r.quality ? t(`records.quality.${r.quality}`) : "—"}
          {r.qualityNote ? ` · ${r.qualityNote}` : ""}
        </dd>
        <dt>{t("records.fields.personInCharge")}</dt>
        <dd>{r.personInCharge ?? "—"}</dd>
        <dt>{t("records.fields.recorder")}</dt>
        <dd>{r.recorder ?? t(`records.via.${r.recordedVia}`)}</dd>
      </dl>

      <h2>{t("records.staff.evaluate")}</h2>
      {result?.status === "success" ? (
        <p className="notice" role="status">
          {t("records.staff.evaluated")}
        </p>
      ) : errors.form ? (
        <p className="form-error" role="alert">
          {text(errors.form)}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <div className="form-field">
          <label htmlFor="e-quality">{t("records.fields.quality")}</label>
          <select id="e-quality" name="quality" defaultValue={typed(result, "quality") ?? r.quality ?? ""} aria-invalid={errors.quality ? true : undefined} aria-describedby={errors.quality ? "e-quality-error" : undefined}>
            <option value="">—</option>
            {QUALITIES.map((q) => (
              <option key={q} value={q}>
                {t(`records.quality.${q}`)}
              </option>
            ))}
          </select>
          <FieldError id="e-quality-error" errors={errors.quality ? [errors.quality] : undefined} />
        </div>
        <div className="form-field">
          <label htmlFor="e-note">{t("records.staff.qualityNote")}</label>
          <input id="e-note" name="qualityNote" maxLength={300} defaultValue={typed(result, "qualityNote") ?? r.qualityNote} aria-invalid={errors.qualityNote ? true : undefined} aria-describedby={errors.qualityNote ? "e-note-error" : undefined} />
          <FieldError id="e-note-error" errors={errors.qualityNote ? [errors.qualityNote] : undefined} />
        </div>
        <div className="form-field">
          <label htmlFor="e-content">{t("records.fields.content")}</label>
          <input id="e-content" name="content" maxLength={300} required defaultValue={typed(result, "content") ?? r.contentZh} aria-invalid={errors.content ? true : undefined} aria-describedby={errors.content ? "e-content-error" : undefined} />
          <FieldError id="e-content-error" errors={errors.content ? [errors.content] : undefined} />
        </div>
        <div className="form-field">
          <label htmlFor="e-reason">{t("checkIn.reason")}</label>
          <input id="e-reason" name="reason" maxLength={300} defaultValue={typed(result, "reason")} aria-invalid={errors.reason ? true : undefined} aria-describedby={errors.reason ? "e-reason-error" : undefined} />
          <FieldError id="e-reason-error" errors={errors.reason ? [errors.reason] : undefined} />
        </div>
        <button type="submit" className="button">
          {t("checkIn.save")}
        </button>
      </Form>

      <h2>{t("records.staff.history")}</h2>
      <p className="muted">{t("records.staff.historyLead")}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t("records.staff.when")}</th>
            <th scope="col">{t("records.staff.who")}</th>
            <th scope="col">{t("records.fields.hours")}</th>
            <th scope="col">{t("checkIn.reason")}</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((v) => (
            <tr key={v.revision}>
              <td>{v.revision}</td>
              <td>{formatInstant(v.at, r.timezone, i18n.language)}</td>
              <td>{v.staffName ?? t(`records.via.${v.via}`, { defaultValue: v.via })}</td>
              <td>{typeof v.snapshot.minutes === "number" ? formatHours(v.snapshot.minutes) : "—"}</td>
              <td>{v.reason ? t(`records.reasons.${v.reason}`, { defaultValue: v.reason }) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
