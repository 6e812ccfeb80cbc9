import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getUser, requireStaff } from "#app/web/guards.server.ts";
import { volunteerZone } from "#app/modules/branches/branches.server.ts";
import { renderSVG } from "uqr";
import { InputField, useErrorText } from "#app/components/field.tsx";
import { certificateIssuer, findCertificate, maskIdNumber, maskName, revokeCertificate, revokeSchema } from "#app/modules/records/certificates.server.ts";
import { formatDate, formatHours } from "#app/lib/time.ts";
import { formValues } from "#app/lib/input.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, fieldErrors, typed } from "#app/lib/form.ts";
import { noindex, pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificate", [noindex]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, config } = await getServices();
  const user = await getUser(request);
  const probe = await findCertificate(db, params.code ?? "");
  if (!probe) throw new Response("Not Found", { status: 404 });
  // The volunteer and staff see the whole certificate; anyone checking a code sees whether it is
  // genuine (or revoked), with the name shortened (王*明) and the figures.
  const full = (user?.kind === "volunteer" && user.id === probe.volunteerId) || user?.kind === "staff";
  const verifyUrl = new URL(`/certificates/${probe.code}`, config.publicUrl).href;
  if (!full) {
    const { volunteerId: _id, idDocNumber: _doc, lines: _lines, ...shown } = probe;
    return { full: false as const, certificate: { ...shown, volunteerName: maskName(shown.volunteerName) }, verifyUrl };
  }
  const certificate = (await findCertificate(db, probe.code, { secret: config.sessionSecret }))!;
  const { seal } = await certificateIssuer(db);
  const { volunteerId: _id, idDocNumber, ...shown } = certificate;
  const qr = renderSVG(verifyUrl, { border: 1 });
  return {
    full: true as const,
    certificate: { ...shown, idDocMasked: idDocNumber ? maskIdNumber(idDocNumber) : null, idDocNumber },
    verifyUrl,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qr).toString("base64")}`,
    seal,
    canRevoke: user?.kind === "staff" && user.role !== "desk" && !certificate.revokedAt,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "record.review");
  // The code comes from the address, the reason from the form.
  const formData = await request.formData();
  formData.set("code", params.code ?? "");
  const submission = await parseForm(formData, revokeSchema);
  if (submission.status !== "success") return refuse(submission, { hide: ["code"] });
  const { db } = await getServices();
  const result = await revokeCertificate(db, user, submission.value.code, submission.value.reason, context.requestId);
  if (!result.ok) return refuse(submission, { errors: result.errors, status: result.status, hide: ["code"] });
  return done();
}

export default function CertificatePage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const text = useErrorText();
  const en = i18n.language === "en";
  const c = loaded.certificate;
  const revoked = c.revokedAt ? (
    <p className="form-error certificate__revoked" role="alert">
      {t("certificate.revokedNotice", { reason: c.revokeReason })}
    </p>
  ) : null;
  if (!loaded.full) {
    return (
      <div className="card">
        <h1>{t("certificate.verifiedTitle")}</h1>
        {revoked ?? (
          <p className="notice" role="status">
            {t("certificate.genuine")}
          </p>
        )}
        <dl className="facts">
          <dt>{t("certificate.number")}</dt>
          <dd>{c.number}</dd>
          <dt>{t("certificate.code")}</dt>
          <dd>{c.code}</dd>
          <dt>{t("certificate.volunteer")}</dt>
          <dd>{c.volunteerName}</dd>
          <dt>{t("certificate.period")}</dt>
          <dd>
            {formatDate(c.periodFrom, i18n.language)} – {formatDate(c.periodTo, i18n.language)}
          </dd>
          <dt>{t("hours.sessions")}</dt>
          <dd>{c.sessions}</dd>
          <dt>{t("hours.hours")}</dt>
          <dd>{formatHours(c.minutes)}</dd>
          <dt>{t("certificate.issuer")}</dt>
          <dd>{en ? c.issuer.nameEn : c.issuer.nameZh}</dd>
          <dt>{t("certificate.issued")}</dt>
          <dd>{formatDate(c.issueDate, i18n.language)}</dd>
        </dl>
      </div>
    );
  }
  const { qrDataUrl, seal, verifyUrl, canRevoke } = loaded;
  const full = loaded.certificate;
  const scope = [full.branchZh ? (en ? full.branchEn : full.branchZh) : null, full.roleZh ? (en ? full.roleEn : full.roleZh) : null].filter(Boolean).join(" · ");
  return (
    <>
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          {t("certificate.print")}
        </button>{" "}
        <Link to="/volunteer/hours">{t("certificate.back")}</Link>
      </p>
      {result?.status === "success" ? (
        <p className="notice no-print" role="status">
          {t("certificate.revokedDone")}
        </p>
      ) : null}
      <article className="certificate" aria-labelledby="certificate-title">
        {revoked}
        <header>
          <p className="certificate__library">{en ? full.issuer.nameEn : full.issuer.nameZh}</p>
          <h1 id="certificate-title">{t("certificate.title")}</h1>
          <p className="certificate__number">
            {t("certificate.number")} {full.number}
          </p>
        </header>
        <dl className="certificate__facts">
          <dt>{t("certificate.name")}</dt>
          <dd>{full.volunteerName}</dd>
          <dt>{t("certificate.volunteerNumber")}</dt>
          <dd>{full.volunteerNumber ?? "—"}</dd>
          {full.idDocType ? (
            <>
              <dt>{t(`certificate.idDoc.types.${full.idDocType}`)}</dt>
              <dd>
                <span className="screen-only">{full.idDocMasked}</span>
                <span className="print-only">{full.idDocNumber}</span>
              </dd>
            </>
          ) : null}
          <dt>{t("certificate.period")}</dt>
          <dd>
            {formatDate(full.periodFrom, i18n.language)} – {formatDate(full.periodTo, i18n.language)}
            {scope ? ` · ${scope}` : ""}
          </dd>
        </dl>
        <p className="certificate__body">{t("certificate.body", { name: full.volunteerName, from: formatDate(full.periodFrom, i18n.language), to: formatDate(full.periodTo, i18n.language), sessions: full.sessions, hours: formatHours(full.minutes) })}</p>
        <table className="data certificate__lines">
          <caption>{t("certificate.breakdown")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("records.fields.activity")}</th>
              <th scope="col">{t("records.fields.place")}</th>
              <th scope="col">{t("hours.sessions")}</th>
              <th scope="col">{t("hours.hours")}</th>
            </tr>
          </thead>
          <tbody>
            {full.lines.map((l) => (
              <tr key={`${l.branchZh}-${l.activityZh}`}>
                <td>{en ? l.activityEn : l.activityZh}</td>
                <td>{en ? l.branchEn : l.branchZh}</td>
                <td>{l.sessions}</td>
                <td>{formatHours(l.minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <footer className="certificate__issuer">
          <dl className="certificate__facts">
            <dt>{t("certificate.issuer")}</dt>
            <dd>{en ? full.issuer.nameEn : full.issuer.nameZh}</dd>
            <dt>{t("certificate.personInCharge")}</dt>
            <dd>{full.issuer.personInCharge || "—"}</dd>
            <dt>{t("certificate.handler")}</dt>
            <dd>{full.issuer.handler || "—"}</dd>
            <dt>{t("certificate.contact")}</dt>
            <dd>{full.issuer.contact || "—"}</dd>
            <dt>{t("certificate.issued")}</dt>
            <dd>{formatDate(full.issueDate, i18n.language)}</dd>
          </dl>
          <div className="certificate__seal" aria-label={t("certificate.sealPlace")}>
            {seal ? <img src={seal} alt={t("certificate.sealAlt")} className="print-only" /> : null}
            <span>{t("certificate.sealPlace")}</span>
          </div>
        </footer>
        <div className="certificate__verify">
          <img src={qrDataUrl} alt={t("certificate.qrAlt")} width={96} height={96} />
          <p>
            {t("certificate.verification", { code: full.code })} <span className="certificate__url">{verifyUrl}</span>
          </p>
        </div>
      </article>
      {canRevoke ? (
        <section className="no-print panel" aria-labelledby="revoke-title">
          <h2 id="revoke-title">{t("certificate.revoke")}</h2>
          {errorMessages(result).form ? (
            <p className="form-error" role="alert">
              {text(errorMessages(result).form)}
            </p>
          ) : null}
          <Form method="post" className="filters">
            <InputField id="rv-reason" label={t("certificate.revokeReason")} name="reason" maxLength={300} required defaultValue={typed(result, "reason")} errors={fieldErrors(result, "reason")} />
            <button type="submit" className="button button--quiet">
              {t("certificate.revoke")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
