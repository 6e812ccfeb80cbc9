import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { volunteerZone } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { formatDay } from "#app/lib/time.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "appointment");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db, config } = await getServices();
  const [v, zone] = await Promise.all([
    db.selectFrom("shuxiang.volunteers").select(["name", "volunteer_number", "appointed_at", "status"]).where("id", "=", user.id).executeTakeFirstOrThrow(),
    volunteerZone(db, user.id, config.defaultTimeZone),
  ]);
  if (!v.volunteer_number || !v.appointed_at) throw new Response("Not Found", { status: 404 });
  // The letter's date is the day of appointment where the volunteer's branch is.
  return { name: v.name, number: v.volunteer_number, appointedAt: v.appointed_at, zone };
}

export default function AppointmentLetter() {
  const { name, number, appointedAt, zone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const date = formatDay(appointedAt, zone, i18n.language);
  return (
    <article className="certificate">
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("certificate.print")}
        </button>
        <Link to="/volunteer">{t("appointment.back")}</Link>
      </p>
      <header>
        <p className="certificate__library">{t("app.library")}</p>
        <h1>{t("appointment.title")}</h1>
      </header>
      <p className="certificate__body">{t("appointment.body", { name, number })}</p>
      <footer className="certificate__footer">
        <p>{t("app.library")}</p>
        <p>{date}</p>
        <p>{t("appointment.number", { number })}</p>
      </footer>
    </article>
  );
}
