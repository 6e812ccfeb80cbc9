// The weekly review of readers' feedback: counts by kind and status, the list (filters in the URL),
// and a reply that is emailed back, or closing an item.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { answerFeedback, listFeedback } from "#app/modules/events/feedback.server.ts";
import { FEEDBACK_KINDS, replySchema } from "#app/modules/events/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { formatInstant } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, resultFor, typed } from "#app/lib/form.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffFeedback");

const STATUSES = ["new", "answered", "closed"] as const;
const filterSchema = z.object({ status: z.enum(STATUSES).optional().catch(undefined), kind: z.enum(FEEDBACK_KINDS).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "feedback.answer");
  const filters = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db, config } = await getServices();
  const { rows, counts } = await listFeedback(db, user, { status: filters.status ?? "new", kind: filters.kind });
  // Feedback about an event is timed in its branch's zone; the rest in the default zone.
  return { rows: rows.map((f) => ({ ...f, timezone: f.timezone ?? config.defaultTimeZone })), counts, filters: { status: filters.status ?? "new", kind: filters.kind ?? "" } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "feedback.answer");
  const submission = await parseForm(request, replySchema);
  if (submission.status !== "success") return refuse(submission);
  // Each feedback has its own reply form: the messages go beside the one sent.
  const form = String(submission.value.id);
  const result = await answerFeedback(appDeps(await getServices()), user, submission.value.id, submission.value.intent, submission.value.reply, context.requestId);
  if (!result.ok) return refuse(submission, { form, errors: result.errors, status: result.status ?? 400 });
  return done({ form, message: submission.value.intent === "reply" ? "feedback.staff.replySent" : "feedback.staff.closedDone" });
}

export default function StaffFeedback() {
  const { rows, counts, filters } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const count = (status: string, kind?: string) => counts.filter((c) => c.status === status && (!kind || c.kind === kind)).reduce((n, c) => n + c.n, 0);
  return (
    <>
      <h1>{t("feedback.staff.title")}</h1>
      <p className="lead">{t("feedback.staff.lead")}</p>
      <table className="data">
        <caption>{t("feedback.staff.summary")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("feedback.kind")}</th>
            {STATUSES.map((s) => (
              <th scope="col" key={s}>
                {t(`feedback.statuses.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {FEEDBACK_KINDS.map((k) => (
            <tr key={k}>
              <th scope="row">{t(`feedback.kinds.${k}`)}</th>
              {STATUSES.map((s) => (
                <td key={s}>{count(s, k)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="filter-tabs" aria-label={t("feedback.staff.filters")}>
        <ul>
          {STATUSES.map((s) => (
            <li key={s}>
              <Link to={`?status=${s}${filters.kind ? `&kind=${filters.kind}` : ""}`} aria-current={filters.status === s ? "page" : undefined}>
                {t(`feedback.statuses.${s}`)} ({count(s)})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* Above the list: an answered item leaves the "new" list it was answered from. */}
      {result?.status === "success" ? (
        <p className="notice" role="status">
          {t(result.message ?? "")}
        </p>
      ) : null}
      {result?.status === "error" && !result.form ? (
        <p className="form-error" role="alert">
          {Object.values(errorMessages(result)).map(text).join(" ")}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p>{t("feedback.staff.none")}</p>
      ) : (
        <ul className="plain-list">
          {rows.map((f) => (
            <li key={f.id} className="panel">
              <h2 className="h3">
                {t(`feedback.kinds.${f.kind}`)}
                {f.rating ? ` · ${t("feedback.stars", { count: f.rating })}` : ""} · {formatInstant(f.created_at, f.timezone, i18n.language)}
              </h2>
              <p className="muted">
                {f.event_zh ? localized({ t_zh: f.event_zh, t_en: f.event_en ?? f.event_zh }, "t") : t("feedback.staff.suggestionBox")}
                {f.branch_zh ? ` · ${localized({ name_zh: f.branch_zh, name_en: f.branch_en ?? f.branch_zh }, "name")}` : ""}
                {f.contact_name || f.contact_email ? ` · ${[f.contact_name, f.contact_email].filter(Boolean).join(" ")}` : ""}
              </p>
              <p className="feedback-body">{f.body}</p>
              {f.reply ? (
                <p>
                  <strong>{t("feedback.staff.replied")}</strong> {f.reply}
                </p>
              ) : null}
              {f.status !== "closed" ? (
                <Form method="post">
                  <input type="hidden" name="id" value={f.id} />
                  <div className="form-field">
                    <label htmlFor={`reply-${f.id}`}>{t(f.contact_email ? "feedback.staff.reply" : "feedback.staff.replyNoEmail")}</label>
                    <textarea id={`reply-${f.id}`} name="reply" rows={2} maxLength={2000} defaultValue={typed(resultFor(result, String(f.id)), "reply")} {...(resultFor(result, String(f.id))?.status === "error" ? { "aria-invalid": true, "aria-describedby": `reply-${f.id}-error` } : {})} />
                    {resultFor(result, String(f.id))?.status === "error" ? (
                      <p id={`reply-${f.id}-error`} className="field-error" role="alert">
                        {Object.values(errorMessages(result)).map(text).join(" ")}
                      </p>
                    ) : null}
                  </div>
                  <div className="button-row">
                    <button type="submit" name="intent" value="reply" className="button">
                      {t("feedback.staff.send")}
                    </button>
                    <button type="submit" name="intent" value="close" className="button button--quiet" formNoValidate>
                      {t("feedback.staff.close")}
                    </button>
                  </div>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
