// The dedicated notice for children's personal information (PIPL Art 31): linked beside every
// separate consent a guardian gives for a child under 14.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { getFixedT } from "#app/i18n/i18n.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "书香" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(request);
  return { title: `${t("childNotice.title")} · ${t("app.name")}` };
}

const SECTIONS = ["who", "what", "keep", "protect", "contact"] as const;

export default function ChildNotice() {
  const { t } = useTranslation();
  return (
    <article className="card prose">
      <h1>{t("childNotice.title")}</h1>
      <p className="lead">{t("childNotice.lead")}</p>
      {SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`notice-${s}`}>
          <h2 id={`notice-${s}`}>{t(`childNotice.${s}Title`)}</h2>
          <p>{t(`childNotice.${s}`)}</p>
        </section>
      ))}
    </article>
  );
}
