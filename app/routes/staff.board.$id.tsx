// The board's side panel: one shift, acted on without leaving the week (nested in /staff/board,
// whose grid revalidates in place after each action). Opening it moves focus to its heading;
// Escape or "close" goes back to the board, which returns focus to the shift's chip.
import { useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { ShiftPanel } from "#app/components/shift-panel.tsx";
export { shiftPageAction as action, shiftPageLoader as loader } from "#app/web/shift-page.server.ts";

// The panel's own parameters (confirmation, candidate search, a new shift's notice): not the board's view.
const PANEL_PARAMS = ["confirm", "bookingId", "reason", "scope", "q", "created"];

export default function BoardPanel() {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const navigate = useNavigate();
  const aside = useRef<HTMLElement>(null);
  const view = new URLSearchParams(search);
  for (const k of PANEL_PARAMS) view.delete(k);
  const close = view.toString() ? `/staff/board?${view}` : "/staff/board";

  // Into the panel when it opens and for each shift opened in it (a confirmation focuses its own question).
  useEffect(() => {
    aside.current?.querySelector<HTMLElement>("#shift-title")?.focus();
  }, [pathname]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      navigate(close, { preventScrollReset: true });
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [navigate, close]);

  return (
    <aside ref={aside} className="side-panel" aria-label={t("board.panel")}>
      <ShiftPanel back={{ to: close, label: t("board.closePanel") }} headingLevel={2} />
    </aside>
  );
}
