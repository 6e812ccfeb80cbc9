// Service records of a coordinator's branches: the volunteers' correction requests to decide, and
// the records of a period (each opens with its history).
import { pageTitle } from "#app/components/page-title.ts";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, useErrorText } from "#app/components/field.tsx";
import { requireStaff } from "#app/web/guards.server.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { listRecords } from "#app/modules/records/records.server.ts";
import { correctionDecisionSchema, decideCorrection, listCorrections } from "#app/modules/records/corrections.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { calendarDate, code, filterStatus, parseFilters } from "#app/lib/input.ts";
import { formatDate, formatHours, sharedZone } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, resultFor } from "#app/lib/form.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "serviceRecords");

const COORDINATORS = ["administrator", "coordinator"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "record.review");
  const { db, config } = await getServices();
  const { filters, errors } = parseFilters(request.url, { branch: code(), from: calendarDate, to: calendarDate });
  const branches = await branchesWhere(db, user, "record.review");
  if (filters.branch && !branches.some((b) => b.code === filters.branch)) {
    errors.branch = "validation.choice";
    delete filters.branch;
  }
  const today = todayIn(sharedZone(branches, config.defaultTimeZone));
  const from = filters.from ?? `${today.slice(0, 7)}-01`;
  const to = filters.to ?? today;
  const scope = user.role === "administrator" ? ("all" as const) : user.branchCodes;
  const [pending, decided, records] = await Promise.all([
    listCorrections(db, { branchCodes: scope, status: "pending" }),
    listCorrections(db, { branchCodes: scope, limit: 10 }).then((all) => all.filter((c) => c.status !== "pending")),
    listRecords(db, { branchCodes: scope, branch: filters.branch, from, to, limit: 300 }),
  ]);
  return data(
    { branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })), filters: { branch: filters.branch ?? "", from, to }, errors, pending, decided, records },
    filterStatus(errors),
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "record.review");
  const submission = await parseForm(request, correctionDecisionSchema);
  // Each request for a correction has its own forms: the messages go beside the one sent.
  const form = typeof submission.payload.id === "string" ? submission.payload.id : undefined;
  if (submission.status !== "success") return refuse(submission, { form });
  const result = await decideCorrection(appDeps(await getServices()), user, submission.value, context.requestId);
  if (!result.ok) return refuse(submission, { form, errors: result.errors, status: result.status });
  return done({ form, message: `records.staff.done.${submission.value.decision}` });
}

export default function StaffRecords() {
  const { branches, filters, errors, pending, decided, records } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const text = useErrorText();
  const en = i18n.language === "en";
  const exportQuery = new URLSearchParams({ from: filters.from, to: filters.to, ...(filters.branch ? { branch: filters.branch } : {}) }).toString();
  return (
    <>
      <h1>{t("records.staff.title")}</h1>
      <p className="lead">{t("records.staff.lead")}</p>
      {result?.status === "success" ? (
        <p className="notice" role="status">
          {t(result.message ?? "")}
        </p>
      ) : errorMessages(result).form ? (
        <p className="form-error" role="alert">
          {text(errorMessages(result).form)}
        </p>
      ) : null}

      <section aria-labelledby="pending-corrections">
        <h2 id="pending-corrections">{t("records.staff.pending", { count: pending.length })}</h2>
        {pending.length === 0 ? <p>{t("records.staff.nonePending")}</p> : null}
        {pending.map((c) => {
          const mine = errorMessages(resultFor(result, String(c.id)));
          return (
            <article key={c.id} className="panel" aria-labelledby={`corr-${c.id}`}>
              <h3 id={`corr-${c.id}`}>
                {c.volunteerName} {c.volunteerNumber ? <span className="muted">{c.volunteerNumber}</span> : null} · {formatDate(c.localDate, i18n.language)} · {en ? c.branchEn : c.branchZh}
              </h3>
              <p>
                {t(`records.corrections.kind.${c.kind}`)} · {c.kind === "unscheduled" ? c.activity : en ? c.roleEn : c.roleZh} ·{" "}
                {t("records.staff.hoursNowAsked", { now: c.currentMinutes === null ? "—" : formatHours(c.currentMinutes), asked: formatHours(c.minutes) })}
              </p>
              <blockquote>{c.note}</blockquote>
              <div className="two-columns">
                <Form method="post" className="stack">
                  <input type="hidden" name="id" value={c.id} />
                  <input type="hidden" name="decision" value="approve" />
                  <div className="form-field">
                    <label htmlFor={`a-h-${c.id}`}>{t("records.staff.approveHours")}</label>
                    <input id={`a-h-${c.id}`} name="hours" type="number" step="0.5" min="0" max="24" className="narrow" required defaultValue={formatHours(c.minutes)} aria-invalid={mine.hours ? true : undefined} aria-describedby={mine.hours ? `a-h-${c.id}-error` : undefined} />
                    <FieldError id={`a-h-${c.id}-error`} errors={mine.hours ? [mine.hours] : undefined} />
                  </div>
                  <div className="form-field">
                    <label htmlFor={`a-r-${c.id}`}>{t("records.staff.approveNote")}</label>
                    <input id={`a-r-${c.id}`} name="reason" maxLength={500} />
                  </div>
                  <button type="submit" className="button">
                    {t("records.staff.approve")}
                  </button>
                </Form>
                <Form method="post" className="stack">
                  <input type="hidden" name="id" value={c.id} />
                  <input type="hidden" name="decision" value="decline" />
                  <div className="form-field">
                    <label htmlFor={`d-r-${c.id}`}>{t("records.staff.declineReason")}</label>
                    <input id={`d-r-${c.id}`} name="reason" maxLength={500} required aria-invalid={mine.reason ? true : undefined} aria-describedby={mine.reason ? `d-r-${c.id}-error` : undefined} />
                    <FieldError id={`d-r-${c.id}-error`} errors={mine.reason ? [mine.reason] : undefined} />
                  </div>
                  <button type="submit" className="button button--quiet">
                    {t("records.staff.decline")}
                  </button>
                </Form>
              </div>
            </article>
          );
        })}
        {decided.length > 0 ? (
          <>
            <h3>{t("records.staff.recentlyDecided")}</h3>
            <ul>
              {decided.map((c) => (
                <li key={c.id}>
                  {c.volunteerName} · {formatDate(c.localDate, i18n.language)} · {t(`records.corrections.status.${c.status}`)}
                  {c.decidedMinutes !== null ? ` · ${formatHours(c.decidedMinutes)} h` : ""}
                  {c.decisionReason ? ` · ${c.decisionReason}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="records-list">
        <h2 id="records-list">{t("records.staff.list")}</h2>
        <Form method="get" className="filters">
          <div className="form-field">
            <label htmlFor="r-branch">{t("shifts.branch")}</label>
            <select id="r-branch" name="branch" defaultValue={filters.branch} aria-invalid={errors.branch ? true : undefined} aria-describedby={errors.branch ? "r-branch-error" : undefined}>
              <option value="">{t("records.staff.allBranches")}</option>
              {branches.map((b) => (
                <option key={b.code} value={b.code}>
                  {en ? b.name_en : b.name_zh}
                </option>
              ))}
            </select>
            <FieldError id="r-branch-error" errors={errors.branch ? [errors.branch] : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor="r-from">{t("certificate.from")}</label>
            <input id="r-from" type="date" name="from" defaultValue={filters.from} aria-invalid={errors.from ? true : undefined} aria-describedby={errors.from ? "r-from-error" : undefined} />
            <FieldError id="r-from-error" errors={errors.from ? [errors.from] : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor="r-to">{t("certificate.to")}</label>
            <input id="r-to" type="date" name="to" defaultValue={filters.to} aria-invalid={errors.to ? true : undefined} aria-describedby={errors.to ? "r-to-error" : undefined} />
            <FieldError id="r-to-error" errors={errors.to ? [errors.to] : undefined} />
          </div>
          <button type="submit" className="button">
            {t("checkIn.show")}
          </button>
        </Form>
        <p>
          <a href={`/staff/records/export.csv?${exportQuery}`} download>
            {t("records.export.csv")}
          </a>{" "}
          ·{" "}
          <a href={`/staff/records/export.xlsx?${exportQuery}`} download>
            {t("records.export.xlsx")}
          </a>
        </p>
        {records.length === 0 ? (
          <p>{t("records.none")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t("records.fields.date")}</th>
                  <th scope="col">{t("records.fields.volunteer")}</th>
                  <th scope="col">{t("records.fields.activity")}</th>
                  <th scope="col">{t("records.fields.place")}</th>
                  <th scope="col">{t("records.fields.hours")}</th>
                  <th scope="col">{t("records.fields.quality")}</th>
                  <th scope="col">{t("records.fields.recorder")}</th>
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/staff/records/${r.id}`}>{formatDate(r.localDate, i18n.language)}</Link>
                    </td>
                    <td>{r.volunteerName}</td>
                    <td>{en ? r.activityEn : r.activityZh}</td>
                    <td>
                      {en ? r.branchEn : r.branchZh}
                      {r.roomZh ? ` · ${en ? r.roomEn : r.roomZh}` : ""}
                    </td>
                    <td>
                      {formatHours(r.minutes)}
                      {r.revision > 1 ? <span className="muted"> ({t("records.staff.revisions", { count: r.revision })})</span> : null}
                    </td>
                    <td>{r.quality ? t(`records.quality.${r.quality}`) : "—"}</td>
                    <td>{r.recorder ?? t(`records.via.${r.recordedVia}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
