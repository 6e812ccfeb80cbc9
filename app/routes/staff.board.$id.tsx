// The board's side panel: one shift, acted on without leaving the week (nested in /staff/board,
// whose grid revalidates in place after each action).
import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ShiftPanel } from "#app/components/shift-panel.tsx";
export { shiftPageAction as action, shiftPageLoader as loader } from "#app/web/shift-page.server.ts";

export default function BoardPanel() {
  const { t } = useTranslation();
  const { search } = useLocation();
  return (
    <aside className="side-panel" aria-label={t("board.panel")}>
      <ShiftPanel back={{ to: `/staff/board${search}`, label: t("board.closePanel") }} headingLevel={2} />
    </aside>
  );
}
