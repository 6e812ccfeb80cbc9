// Figures kept in the library's other systems (cards issued, visits, loans, donated books): entered
// per branch and month here, or imported from CSV, so the reports are whole.
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { SelectField } from "#app/components/select-field.tsx";
import { requireStaff } from "#app/web/guards.server.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { figuresSchema, importFigures, listFigures, saveFigures } from "#app/modules/reports/figures.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { formatMonth, sharedZone } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema, resultFor } from "#app/lib/form.ts";
import { z } from "zod";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "figures");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "report.figures");
  const { db, config } = await getServices();
  const branches = await branchesWhere(db, user, "report.figures");
  const today = todayIn(sharedZone(branches, config.defaultTimeZone));
  const [y, m] = today.split("-").map(Number);
  const months = Array.from({ length: 6 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 10);
  });
  const rows = await listFigures(db, branches.map((b) => b.code), months);
  return {
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    months,
    rows: rows.map((r) => ({ branch: r.branch_code, month: String(r.month).slice(0, 10), cards_issued: r.cards_issued, visits: r.visits, loans: r.loans, donated_books: r.donated_books })),
    defaultMonth: months[1].slice(0, 7),
  };
}

// A CSV comes as a file or pasted; the importer checks every line.
const importForm = z.object({ intent: z.literal("import"), file: z.unknown(), csv: z.unknown() });
// What the page says after a save or an import: how many were saved, or the refused line.
type Figures = { saved?: number; line?: number | null };
const figuresIntent = intentSchema(["save", "import"] as const);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "report.figures");
  const formData = await request.formData();
  const chosen = await parseForm(formData, figuresIntent);
  if (chosen.status !== "success") return refuse(chosen, { form: "save", errors: { form: "validation.invalid" } });
  const deps = appDeps(await getServices());
  if (chosen.value.intent === "import") {
    const submission = await parseForm(formData, importForm);
    if (submission.status !== "success") return refuse(submission, { form: "import" });
    const { file, csv } = submission.value;
    const text = file instanceof File && file.size > 0 ? await file.text() : typeof csv === "string" ? csv : "";
    const result = await importFigures(deps, user, text, context.requestId);
    if (!result.ok) return refuse(submission, { form: "import", errors: result.errors, status: result.status ?? 400, data: { line: result.line ?? null } as Figures, hide: ["file"] });
    return done({ form: "import", data: { saved: result.saved } as Figures });
  }
  const submission = await parseForm(formData, figuresSchema);
  if (submission.status !== "success") return refuse(submission, { form: "save" });
  const result = await saveFigures(deps, user, submission.value, context.requestId);
  if (!result.ok) return refuse(submission, { form: "save", errors: result.errors, status: result.status ?? 400 });
  return done({ form: "save", data: { saved: result.saved } as Figures });
}

export default function Figures() {
  const { branches, months, rows, defaultMonth } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const saveErrors = errorMessages(resultFor(result, "save"));
  const { message, described, input } = useFieldErrors("fig", saveErrors);
  const importResult = resultFor(result, "import");
  const importError = importResult?.status === "error" ? { line: importResult.data?.line, errors: errorMessages(importResult) } : null;
  const fields = ["cards_issued", "visits", "loans", "donated_books"] as const;
  return (
    <>
      <p>
        <Link to="/staff/reports">{t("reports.backToReports")}</Link>
      </p>
      <h1>{t("reports.figures.title")}</h1>
      <p className="lead">{t("reports.figures.lead")}</p>
      {result?.status === "success" ? (
        <p className="notice" role="status">
          {t("reports.figures.saved", { count: result.data?.saved })}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="fig-form">
        <h2 id="fig-form">{t("reports.figures.enter")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="save" />
          <div className="form-grid">
            <SelectField id="fig-branch" name="branch" label={t("reports.branch")} required {...described("branch")} options={branches.map((b) => ({ value: b.code, label: localized(b, "name") }))}>
              {message("branch")}
            </SelectField>
            {input("month", t("reports.month"), { type: "month", required: true, defaultValue: defaultMonth })}
            {fields.map((f) => (
              <Fragment key={f}>{input(f, t(`reports.col.${f === "cards_issued" ? "cardsIssued" : f === "donated_books" ? "donatedBooks" : f}`), { type: "number", min: 0, required: true, defaultValue: "0" })}</Fragment>
            ))}
          </div>
          <button type="submit" className="button">
            {t("reports.figures.save")}
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="fig-import">
        <h2 id="fig-import">{t("reports.figures.import")}</h2>
        <p className="muted">{t("reports.figures.importLead")}</p>
        <pre className="muted sample">branch,month,cards_issued,visits,loans,donated_books{"\n"}GL,2026-10,320,21500,18400,260</pre>
        {importError ? (
          <p className="form-error" role="alert" id="fig-csv-error">
            {importError.line ? `${t("reports.figures.line", { line: importError.line })} ` : ""}
            {text(importError.errors.csv ?? "")} {importError.errors.field ? `${importError.errors.field}: ${text(importError.errors.message ?? "")}` : ""}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="import" />
          <div className="form-field">
            <label htmlFor="fig-file">{t("reports.figures.file")}</label>
            <input id="fig-file" name="file" type="file" accept=".csv,text/csv" />
          </div>
          <div className="form-field">
            <label htmlFor="fig-csv">{t("reports.figures.paste")}</label>
            <textarea id="fig-csv" name="csv" rows={5} {...(importError ? { "aria-invalid": true, "aria-describedby": "fig-csv-error" } : {})} />
          </div>
          <button type="submit" className="button">
            {t("reports.figures.importButton")}
          </button>
        </Form>
      </section>
      <h2>{t("reports.figures.entered")}</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t("reports.month")}</th>
              <th scope="col">{t("reports.branch")}</th>
              {fields.map((f) => (
                <th scope="col" key={f}>
                  {t(`reports.col.${f === "cards_issued" ? "cardsIssued" : f === "donated_books" ? "donatedBooks" : f}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.flatMap((month) =>
              branches.map((b) => {
                const r = rows.find((x) => x.branch === b.code && x.month === month);
                return (
                  <tr key={`${month}-${b.code}`}>
                    <th scope="row">{formatMonth(month, i18n.language)}</th>
                    <td>{localized(b, "name")}</td>
                    {fields.map((f) => (
                      <td key={f}>{r ? r[f] : "—"}</td>
                    ))}
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
