// The dedicated notice for processing the personal information of children under 14 (PIPL Art 31),
// linked from the application form where a guardian gives their separate consent.
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const meta: MetaFunction = () => [{ title: "儿童个人信息处理规则 · 书香" }];

const SECTIONS = ["what", "why", "who", "keep", "rights", "contact"] as const;

export default function ChildrenPrivacy() {
  const { t } = useTranslation();
  return (
    <article className="card">
      <h1>{t("join.childrenPrivacy.title")}</h1>
      <p className="lead">{t("join.childrenPrivacy.lead")}</p>
      {SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`cp-${s}`}>
          <h2 id={`cp-${s}`}>{t(`join.childrenPrivacy.${s}.title`)}</h2>
          <p>{t(`join.childrenPrivacy.${s}.body`)}</p>
        </section>
      ))}
      <p>
        <Link to="/join/apply">{t("join.childrenPrivacy.back")}</Link>
      </p>
    </article>
  );
}
