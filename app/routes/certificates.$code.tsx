import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser } from "#app/web/guards.server.ts";
import { volunteerZone } from "#app/modules/branches/branches.server.ts";
import { findCertificate, maskName } from "#app/modules/shifts/certificates.server.ts";
import { formatHours } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { noindex, pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificate", [noindex]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, config } = await getServices();
  const certificate = await findCertificate(db, params.code ?? "");
  if (!certificate) throw new Response("Not Found", { status: 404 });
  const user = await getUser(request);
  // The volunteer and staff see the whole certificate; anyone checking a code sees that it is
  // genuine, with the name shortened (王*明) and the figures.
  const full = (user?.kind === "volunteer" && user.id === certificate.volunteerId) || user?.kind === "staff";
  const { volunteerId, ...shown } = certificate;
  return {
    full,
    // The date it was issued, in the volunteer's branch's zone.
    zone: await volunteerZone(db, volunteerId, config.defaultTimeZone),
    certificate: { ...shown, volunteerName: full ? shown.volunteerName : maskName(shown.volunteerName), lines: full ? shown.lines : [] },
    verifyUrl: new URL(`/certificates/${certificate.code}`, config.publicUrl).href,
  };
}

export default function CertificatePage() {
  const { full, certificate: c, verifyUrl, zone } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const issued = new Intl.DateTimeFormat(i18n.language, { dateStyle: "long", timeZone: zone }).format(new Date(c.issuedAt));
  if (!full) {
    return (
      <div className="card">
        <h1>{t("certificate.verifiedTitle")}</h1>
        <p className="notice" role="status">
          {t("certificate.genuine")}
        </p>
        <dl className="facts">
          <dt>{t("certificate.code")}</dt>
          <dd>{c.code}</dd>
          <dt>{t("certificate.volunteer")}</dt>
          <dd>{c.volunteerName}</dd>
          <dt>{t("certificate.period")}</dt>
          <dd>
            {c.periodFrom} – {c.periodTo}
          </dd>
          <dt>{t("hours.sessions")}</dt>
          <dd>{c.sessions}</dd>
          <dt>{t("hours.hours")}</dt>
          <dd>{formatHours(c.minutes)}</dd>
          <dt>{t("certificate.issued")}</dt>
          <dd>{issued}</dd>
        </dl>
      </div>
    );
  }
  return (
    <article className="certificate">
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("certificate.print")}
        </button>{" "}
        <Link to="/volunteer/hours">{t("certificate.back")}</Link>
      </p>
      <header>
        <p className="certificate__library">{t("app.library")}</p>
        <h1>{t("certificate.title")}</h1>
      </header>
      <p className="certificate__body">
        {t("certificate.body", { name: c.volunteerName, from: c.periodFrom, to: c.periodTo, sessions: c.sessions, hours: formatHours(c.minutes) })}
      </p>
      <table className="data">
        <caption>{t("certificate.breakdown")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("shifts.branch")}</th>
            <th scope="col">{t("shifts.role")}</th>
            <th scope="col">{t("hours.sessions")}</th>
            <th scope="col">{t("hours.hours")}</th>
          </tr>
        </thead>
        <tbody>
          {c.lines.map((l) => (
            <tr key={`${l.branchZh}-${l.roleZh}`}>
              <td>{en ? l.branchEn : l.branchZh}</td>
              <td>{en ? l.roleEn : l.roleZh}</td>
              <td>{l.sessions}</td>
              <td>{formatHours(l.minutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <footer className="certificate__footer">
        <p>
          {t("app.library")} · {t("certificate.issued")} {issued}
        </p>
        <p>
          {t("certificate.verification", { code: c.code })} <span className="certificate__url">{verifyUrl}</span>
        </p>
      </footer>
    </article>
  );
}
