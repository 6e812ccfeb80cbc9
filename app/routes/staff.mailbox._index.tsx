import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "#app/web/guards.server.ts";
import { listMailbox } from "#app/modules/mail/mailbox.server.ts";
import { formatInstant } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mailbox");

// The mailbox holds every message sent (sign-in codes included): administrators only.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "delivery.view");
  const { db, mailer, config } = await getServices();
  // Messages belong to no one branch: the default zone.
  return { smtp: mailer.kind === "smtp", messages: await listMailbox(db), zone: config.defaultTimeZone };
}

export default function Mailbox() {
  const { smtp, messages, zone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>{t("mailbox.title")}</h1>
      <p className="lead">{smtp ? t("mailbox.smtpConfigured") : t("mailbox.lead")}</p>
      {messages.length === 0 ? (
        <p>{t("mailbox.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{t("mailbox.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("mailbox.sentAt")}</th>
                <th scope="col">{t("mailbox.to")}</th>
                <th scope="col">{t("mailbox.subject")}</th>
                <th scope="col">{t("mailbox.calendar")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatInstant(m.created_at, zone, i18n.language)}</td>
                  <td>{m.to_address}</td>
                  <td>
                    <Link to={`/staff/mailbox/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{m.ical_method ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
