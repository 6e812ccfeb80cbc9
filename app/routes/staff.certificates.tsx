// Certificates from the staff side: issue one on a volunteer's behalf (audited), the register of
// issued certificates, and — for administrators — the issuer's particulars and the seal image.
import { pageTitle } from "#app/components/page-title.ts";
import { SEAL_MAX_BYTES } from "#app/modules/records/constants.ts";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError } from "#app/components/field.tsx";
import { requireStaff } from "#app/web/guards.server.ts";
import { can } from "#app/modules/auth/policy.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { certificateIssuer, issueCertificate, issuerSchema, listCertificates, saveCertificateIssuer } from "#app/modules/records/certificates.server.ts";
import { findVolunteerByNumberOrEmail } from "#app/modules/records/records.server.ts";
import { calendarDate, code, optionalIntId, safeText } from "#app/lib/input.ts";
import { formatDate, formatHours } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema, resultFor } from "#app/lib/form.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "certificateRegister");

const onBehalfSchema = z.object({
  volunteer: safeText(254).pipe(z.string().min(1, "validation.required")),
  from: calendarDate,
  to: calendarDate,
  branch: z.preprocess((v) => (v === "" ? undefined : v), code().optional()),
  roleId: optionalIntId,
});

type Errors = Record<string, string>;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { db } = await getServices();
  const [branches, roles, certificates, issuer] = await Promise.all([listBranches(db), listRoles(db), listCertificates(db, { limit: 100 }), certificateIssuer(db)]);
  return {
    isAdmin: user.role === "administrator",
    branches: branches.filter((b) => can(user, "record.review", b.code)).map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    roles: roles.map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
    certificates,
    issuer: issuer.issuer,
    seal: user.role === "administrator" ? issuer.seal : null,
  };
}

const certificatesIntent = intentSchema(["issue", "issuer"] as const, "issue");
// The seal comes as a file; text in its place is not our form (nothing is saved).
const sealOf = z.object({ seal: z.union([z.instanceof(File), z.literal("")]).optional() }).passthrough();

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const formData = await request.formData();
  const chosen = await parseForm(formData, certificatesIntent);
  if (chosen.status !== "success") return refuse(chosen, { form: "issue" });
  const { db } = await getServices();
  if (chosen.value.intent === "issuer") {
    if (user.role !== "administrator") throw new Response("Forbidden", { status: 403 });
    const submission = await parseForm(formData, issuerSchema);
    if (submission.status !== "success") return refuse(submission, { form: "issuer", hide: ["seal"] });
    const sealed = await parseForm(formData, sealOf);
    if (sealed.status !== "success") return refuse(sealed, { form: "issuer", errors: { seal: "validation.invalid" }, hide: ["seal"] });
    const file = sealed.value.seal;
    const seal = file instanceof File && file.size > 0 ? { type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
    const result = await saveCertificateIssuer(db, user, submission.value, seal, context.requestId);
    if (!result.ok) return refuse(submission, { form: "issuer", errors: result.errors, hide: ["seal"] });
    return done({ form: "issuer" });
  }
  const submission = await parseForm(formData, onBehalfSchema);
  if (submission.status !== "success") return refuse(submission, { form: "issue" });
  const { volunteer: who, ...period } = submission.value;
  if (user.role !== "administrator" && (!period.branch || !can(user, "record.review", period.branch))) return refuse(submission, { form: "issue", errors: { branch: "certificate.errors.branchRequired" } });
  const volunteer = await findVolunteerByNumberOrEmail(db, who);
  if (!volunteer) return refuse(submission, { form: "issue", errors: { volunteer: "certificate.errors.volunteer" } });
  const result = await issueCertificate(db, { volunteerId: volunteer.id, ...period }, { id: user.id, name: user.name }, context.requestId);
  if (!result.ok) return refuse(submission, { form: "issue", errors: result.errors });
  return redirect(`/certificates/${result.code}`);
}

export default function StaffCertificates() {
  const { isAdmin, branches, roles, certificates, issuer, seal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const issue = errorMessages(resultFor(result, "issue"));
  const iss = errorMessages(resultFor(result, "issuer"));
  const field = (errors: Errors, name: string, id: string) => ({ "aria-invalid": errors[name] ? true : undefined, "aria-describedby": errors[name] ? `${id}-error` : undefined });
  return (
    <>
      <h1>{t("certificate.staff.title")}</h1>
      <p className="lead">{t("certificate.staff.lead")}</p>
      <section aria-labelledby="on-behalf">
        <h2 id="on-behalf">{t("certificate.staff.onBehalf")}</h2>
        <Form method="post" className="filters">
          <input type="hidden" name="intent" value="issue" />
          <div className="form-field">
            <label htmlFor="ob-volunteer">{t("certificate.staff.volunteer")}</label>
            <input id="ob-volunteer" name="volunteer" required maxLength={254} {...field(issue, "volunteer", "ob-volunteer")} />
            <FieldError id="ob-volunteer-error" errors={issue.volunteer ? [issue.volunteer] : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor="ob-from">{t("certificate.from")}</label>
            <input id="ob-from" type="date" name="from" required {...field(issue, "from", "ob-from")} />
            <FieldError id="ob-from-error" errors={issue.from ? [issue.from] : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor="ob-to">{t("certificate.to")}</label>
            <input id="ob-to" type="date" name="to" required {...field(issue, "to", "ob-to")} />
            <FieldError id="ob-to-error" errors={issue.to ? [issue.to] : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor="ob-branch">{t("shifts.branch")}</label>
            <select id="ob-branch" name="branch" {...field(issue, "branch", "ob-branch")}>
              {isAdmin ? <option value="">{t("certificate.allBranches")}</option> : null}
              {branches.map((b) => (
                <option key={b.code} value={b.code}>
                  {en ? b.name_en : b.name_zh}
                </option>
              ))}
            </select>
            <FieldError id="ob-branch-error" errors={issue.branch ? [issue.branch] : undefined} />
          </div>
          <div className="form-field">
            <label htmlFor="ob-role">{t("certificate.activityType")}</label>
            <select id="ob-role" name="roleId" {...field(issue, "roleId", "ob-role")}>
              <option value="">{t("certificate.allActivities")}</option>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {en ? r.name_en : r.name_zh}
                </option>
              ))}
            </select>
            <FieldError id="ob-role-error" errors={issue.roleId ? [issue.roleId] : undefined} />
          </div>
          <button type="submit" className="button">
            {t("certificate.issue")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="register">
        <h2 id="register">{t("certificate.staff.register")}</h2>
        <div className="table-scroll">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t("certificate.number")}</th>
                <th scope="col">{t("certificate.name")}</th>
                <th scope="col">{t("certificate.volunteerNumber")}</th>
                <th scope="col">{t("certificate.period")}</th>
                <th scope="col">{t("hours.hours")}</th>
                <th scope="col">{t("certificate.issued")}</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.code}>
                  <td>
                    <a href={`/certificates/${c.code}`}>{c.number}</a>
                    {c.revokedAt ? <span className="status status--failed"> {t("certificate.revoked")}</span> : null}
                  </td>
                  <td>{c.volunteerName}</td>
                  <td>{c.volunteerNumber ?? "—"}</td>
                  <td>
                    {formatDate(c.periodFrom, i18n.language)} – {formatDate(c.periodTo, i18n.language)}
                  </td>
                  <td>{formatHours(c.minutes)}</td>
                  <td>{formatDate(c.issueDate, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {isAdmin ? (
        <section aria-labelledby="issuer">
          <h2 id="issuer">{t("certificate.staff.issuerTitle")}</h2>
          <p>{t("certificate.staff.issuerLead")}</p>
          {resultFor(result, "issuer")?.status === "success" ? (
            <p className="notice" role="status">
              {t("certificate.staff.issuerSaved")}
            </p>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="form-grid">
            <input type="hidden" name="intent" value="issuer" />
            {(["nameZh", "nameEn", "personInCharge", "handler", "contact"] as const).map((name) => (
              <div className="form-field" key={name}>
                <label htmlFor={`is-${name}`}>{t(`certificate.staff.issuerFields.${name}`)}</label>
                <input id={`is-${name}`} name={name} required defaultValue={issuer[name]} maxLength={120} {...field(iss, name, `is-${name}`)} />
                <FieldError id={`is-${name}-error`} errors={iss[name] ? [iss[name]] : undefined} />
              </div>
            ))}
            <div className="form-field">
              <label htmlFor="is-seal">{t("certificate.staff.seal", { kb: SEAL_MAX_BYTES / 1000 })}</label>
              <input id="is-seal" name="seal" type="file" accept="image/png,image/jpeg,image/webp" {...field(iss, "seal", "is-seal")} />
              <FieldError id="is-seal-error" errors={iss.seal ? [iss.seal] : undefined} />
              {seal ? <img src={seal} alt={t("certificate.sealAlt")} width={96} height={96} /> : <p className="muted">{t("certificate.staff.noSeal")}</p>}
            </div>
            {seal ? (
              <label className="choice">
                <input type="checkbox" name="removeSeal" /> {t("certificate.staff.removeSeal")}
              </label>
            ) : null}
            <button type="submit" className="button">
              {t("checkIn.save")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
