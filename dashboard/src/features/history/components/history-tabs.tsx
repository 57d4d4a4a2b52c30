import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { HISTORY_TABS, type HistorySearch, type HistoryTab, withTab } from "../history-search";

/** The history's tabs as links (middle-click, back button), each with its count. */
export function HistoryTabs({
  search,
  counts,
}: {
  search: HistorySearch;
  counts: Record<HistoryTab, number> | undefined;
}) {
  const { t } = useTranslation();
  const current = search.tab ?? "all";
  return (
    <nav
      aria-label={t("history.tabsLabel")}
      className="-mx-1 mb-4 flex flex-wrap gap-x-1 border-b border-line px-1"
    >
      {HISTORY_TABS.map((tab) => (
        <Link
          key={tab}
          to="/history"
          search={withTab(search, tab)}
          // Only an exact match counts as TanStack's own active link (which forces aria-current): a partial one
          // would mark "All" on every tab. A filtered or paged tab is still marked, by aria-current below.
          activeOptions={{ exact: true }}
          aria-current={tab === current ? "page" : undefined}
          className="-mb-px flex shrink-0 items-center gap-1.5 border-b-2 border-transparent px-3 py-2 text-sm text-fg-muted hover:text-fg aria-[current=page]:border-brand-500 aria-[current=page]:text-fg"
        >
          {t(`history.tabs.${tab}`)}
          {counts && (
            <span className="rounded bg-surface-muted px-1.5 text-xs tabular-nums">{counts[tab]}</span>
          )}
        </Link>
      ))}
    </nav>
  );
}
