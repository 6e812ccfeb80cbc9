import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { forbidden } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { deliveryCounts, listDeliveries, markFailureHandled, resendMessage } from "#app/modules/admin/deliveries.server.ts";
import { MESSAGE_STATUSES } from "#app/modules/notifications/statuses.ts";
import { formatInstant } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { fieldErrors } from "#app/lib/form.ts";
import type { MessageStatus } from "#db/schema.ts";
import { intId } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deliveries");

const statusFilter = z.enum(MESSAGE_STATUSES as [MessageStatus, ...MessageStatus[]]).optional().catch(undefined);
const deliveryForm = z.object({ intent: z.enum(["resend", "handled"]), id: intId });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "delivery.view");
  const status = statusFilter.parse(new URL(request.url).searchParams.get("status") ?? undefined);
  const { db, config } = await getServices();
  const [counts, messages] = await Promise.all([deliveryCounts(db), listDeliveries(db, { status })]);
  return { counts, messages, status: status ?? null, zone: config.defaultTimeZone };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "delivery.resend");
  const submission = await parseForm(request, deliveryForm);
  if (submission.status !== "success") return refuse(submission, { errors: { form: "deliveries.resendMissing" } });
  const { db, boss, config } = await getServices();
  const actor = { user, requestId: context.requestId };
  if (submission.value.intent === "handled") {
    const result = await markFailureHandled(db, submission.value.id, actor);
    if (result.ok) return done({ message: "deliveries.handledDone", data: { id: submission.value.id } });
    if (result.reason === "forbidden") throw forbidden();
    return refuse(submission, { errors: { form: result.reason === "not-found" ? "deliveries.resendMissing" : "deliveries.handledNotFailed" }, status: result.reason === "not-found" ? 404 : 400 });
  }
  const result = await resendMessage(db, boss, config.publicUrl.hostname, submission.value.id, actor);
  if (result.ok) return done({ message: "deliveries.resent", data: { id: result.messageId } });
  if (result.reason === "forbidden") throw forbidden();
  const message = { "not-found": "deliveries.resendMissing", "in-progress": "deliveries.resendInProgress", secret: "deliveries.resendSecret" }[result.reason];
  return refuse(submission, { errors: { form: message }, status: result.reason === "not-found" ? 404 : 400 });
}

export default function Deliveries() {
  const { counts, messages, status, zone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <h1>{t("deliveries.title")}</h1>
      <p className="lead">{t("deliveries.lead")}</p>
      {result ? (
        <p className={result.status === "success" ? "notice" : "form-error"} role={result.status === "success" ? "status" : "alert"}>
          {result.status === "success" ? t(result.message ?? "", { id: result.data?.id }) : t(fieldErrors(result, "")?.[0] ?? "deliveries.resendMissing")}
        </p>
      ) : null}
      <nav aria-label={t("deliveries.filter")}>
        <ul className="filter-tabs">
          <li>
            <Link to="/staff/deliveries" aria-current={status === null ? "page" : undefined}>
              {t("deliveries.all")} ({total})
            </Link>
          </li>
          {MESSAGE_STATUSES.map((s) => (
            <li key={s}>
              <Link to={`/staff/deliveries?status=${s}`} aria-current={status === s ? "page" : undefined}>
                {t(`deliveries.${s}`)} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {messages.length === 0 ? (
        <p>{t("deliveries.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>
              {t("deliveries.title")}
              {status ? ` · ${t(`deliveries.${status}`)}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("deliveries.created")}</th>
                <th scope="col">{t("deliveries.to")}</th>
                <th scope="col">{t("deliveries.subject")}</th>
                <th scope="col">{t("deliveries.status")}</th>
                <th scope="col">{t("deliveries.attempts")}</th>
                <th scope="col">{t("deliveries.answer")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("deliveries.resend")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{m.id}</td>
                  <td>{formatInstant(m.created_at, zone, i18n.language)}</td>
                  <td>{m.recipient_email}</td>
                  <td>
                    {m.subject ?? t("deliveries.noSubject")}
                    {m.resent_from ? <span className="muted"> · {t("deliveries.copyOf", { id: m.resent_from })}</span> : null}
                  </td>
                  <td>
                    <span className={`status status--${m.status}`}>{t(`deliveries.${m.status}`)}</span>
                  </td>
                  <td>{m.attempts}</td>
                  <td className="muted">
                    {/* The mail server's own words are English: summarised in the reader's language, kept verbatim for whoever debugs. */}
                    {(m.status === "sent" ? m.smtp_response : m.last_error) ? (
                      <details>
                        <summary>{m.status === "sent" ? t("deliveries.serverAccepted") : t("deliveries.serverError")}</summary>
                        <span lang="en">{m.status === "sent" ? m.smtp_response : m.last_error}</span>
                      </details>
                    ) : null}
                  </td>
                  <td>
                    {m.resendable ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="resend" />
                        <input type="hidden" name="id" value={m.id} />
                        <button type="submit" className="button button--quiet" aria-label={`${t("deliveries.resend")} #${m.id}`}>
                          {t("deliveries.resend")}
                        </button>
                      </Form>
                    ) : null}
                    {m.handleable ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="handled" />
                        <input type="hidden" name="id" value={m.id} />
                        <button type="submit" className="button button--quiet" aria-label={`${t("deliveries.handle")} #${m.id}`}>
                          {t("deliveries.handle")}
                        </button>
                      </Form>
                    ) : m.status === "failed" ? (
                      <span className="muted">{t("deliveries.handled")}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
