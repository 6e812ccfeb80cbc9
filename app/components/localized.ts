import { useTranslation } from "react-i18next";

/** Picks name_zh / name_en (or any *_zh / *_en pair) by the page's language. */
export function useLocalized() {
  const { i18n } = useTranslation();
  const english = i18n.language === "en";
  return <K extends string>(row: Record<`${K}_zh` | `${K}_en`, string | null>, field: K): string =>
    (english ? row[`${field}_en`] : row[`${field}_zh`]) ?? "";
}
