import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "join");

export async function loader(_: LoaderFunctionArgs) {
  const { db } = await getServices();
  const [branches, roles] = await Promise.all([listBranches(db), listRoles(db)]);
  return { branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en, address_zh: b.address_zh, address_en: b.address_en })), roles: roles.filter((r) => r.active) };
}

export default function Join() {
  const { branches, roles } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <>
      <h1>{t("join.title")}</h1>
      <p className="lead">{t("join.lead")}</p>
      <ol className="steps">
        <li>{t("join.step1")}</li>
        <li>{t("join.step2")}</li>
        <li>{t("join.step3")}</li>
        <li>{t("join.step4")}</li>
      </ol>
      <p>
        <Link to="/join/apply" className="button">
          {t("join.apply")}
        </Link>
      </p>
      <h2>{t("join.roles")}</h2>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">{t("join.roles")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("shifts.role")}</th>
              <th scope="col">{t("join.involves")}</th>
              <th scope="col">{t("join.minAge")}</th>
              <th scope="col">{t("join.training")}</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.id}>
                <th scope="row">{localized(r, "name")}</th>
                <td>{localized(r, "description")}</td>
                <td>{t("join.years", { age: r.min_age })}</td>
                <td>{r.trainings.length ? r.trainings.map((tr) => localized(tr, "name")).join("、") : t("join.noTraining")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("join.where")}</h2>
      <ul className="branch-list">
        {branches.map((b) => (
          <li key={b.code}>
            <strong>{localized(b, "name")}</strong> <span className="muted">{localized(b, "address")}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
