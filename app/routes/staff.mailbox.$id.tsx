import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "#app/web/guards.server.ts";
import { getMailboxMessage } from "#app/modules/mail/mailbox.server.ts";
import { formatInstant } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mailboxMessage");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "delivery.view");
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not Found", { status: 404 });
  const { db, config } = await getServices();
  const message = await getMailboxMessage(db, id);
  if (!message) throw new Response("Not Found", { status: 404 });
  return { message, zone: config.defaultTimeZone };
}

export default function MailboxMessage() {
  const { message, zone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <>
      <p>
        <Link to="/staff/mailbox">← {t("mailbox.back")}</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="facts">
        <dt>{t("mailbox.to")}</dt>
        <dd>{message.to_address}</dd>
        <dt>{t("mailbox.sentAt")}</dt>
        <dd>{formatInstant(message.created_at, zone, i18n.language)}</dd>
      </dl>
      <h2>{t("mailbox.htmlPart")}</h2>
      <iframe className="mail-html" title={t("mailbox.htmlPart")} src={`/staff/mailbox/${message.id}/html`} sandbox="" />
      <h2>{t("mailbox.textPart")}</h2>
      <pre className="mail-text">{message.text_body}</pre>
      {message.ical ? (
        <>
          <h2>{t("mailbox.icalPart", { method: message.ical_method })}</h2>
          <p>
            <a href={`/staff/mailbox/${message.id}/invite.ics`} download>
              {t("mailbox.downloadIcs")}
            </a>
          </p>
          <pre className="mail-text">{message.ical}</pre>
        </>
      ) : null}
    </>
  );
}
