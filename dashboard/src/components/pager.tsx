import { useTranslation } from "react-i18next";
import { Button } from "./ui/button";

/** Previous / next over an offset-paginated list, with "page x of y · n in all". */
export function Pager({
  page,
  pages,
  total,
  onPage,
  label,
}: {
  page: number;
  pages: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
      <p className="text-xs text-fg-muted" data-testid="pager-status" aria-live="polite">
        {t("system.pager.status", { page, pages, total })}
      </p>
      <div className="flex gap-2">
        <Button onClick={() => onPage(page - 1)} disabled={page <= 1}>
          {t("system.pager.previous")}
        </Button>
        <Button onClick={() => onPage(page + 1)} disabled={page >= pages}>
          {t("system.pager.next")}
        </Button>
      </div>
    </nav>
  );
}
