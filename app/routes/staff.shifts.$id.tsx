import type { MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { ShiftPanel } from "#app/components/shift-panel.tsx";
export { shiftPageAction as action, shiftPageLoader as loader } from "#app/web/shift-page.server.ts";

export const meta: MetaFunction = () => [{ title: "班次详情 · 书香" }];

export default function ShiftPage() {
  const { t } = useTranslation();
  return <ShiftPanel back={{ to: "/staff/shifts", label: t("plan.title") }} />;
}
