import { useTranslation } from "react-i18next";
import { Button } from "./ui/button";

/**
 * Previous / next over a paginated list, with "page x of y · n in all". A keyset list says itself whether
 * there is a page on each side (`canPrevious`, `canNext`); an offset list leaves it to the page count.
 */
export function Pager({
  page,
  pages,
  total,
  onPage,
  label,
  canPrevious = page > 1,
  canNext = page < pages,
}: {
  page: number;
  pages: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
  canPrevious?: boolean;
  canNext?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
      <p className="text-xs text-fg-muted" data-testid="pager-status" aria-live="polite">
        {t("system.pager.status", { page, pages, total })}
      </p>
      <div className="flex gap-2">
        <Button onClick={() => onPage(page - 1)} disabled={!canPrevious}>
          {t("system.pager.previous")}
        </Button>
        <Button onClick={() => onPage(page + 1)} disabled={!canNext}>
          {t("system.pager.next")}
        </Button>
      </div>
    </nav>
  );
}
