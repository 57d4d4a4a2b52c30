import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { RouterOutputs } from "@/lib/trpc";
import { VIDEO_TABS, type VideoSearch, withTab } from "../search";

type Stats = RouterOutputs["video"]["statistics"];

const countFor = (tab: (typeof VIDEO_TABS)[number], stats: Stats | undefined) =>
  stats
    ? {
        all: stats.total,
        this_week: stats.this_week,
        unwatched: stats.unwatched,
        watch_later: stats.watch_later,
      }[tab]
    : undefined;

/** Library tabs as links (so they work with middle-click and the back button), with counts. */
export function VideoTabs({
  active,
  view,
  stats,
}: {
  active: VideoSearch["tab"];
  /** Kept when switching tab. */
  view?: VideoSearch["view"];
  stats: Stats | undefined;
}) {
  const { t } = useTranslation();
  const current = active ?? "all";
  return (
    <nav
      aria-label={t("videos.tabsLabel")}
      className="-mx-1 mb-4 flex flex-wrap gap-x-1 border-b border-line px-1"
    >
      {VIDEO_TABS.map((tab) => {
        const count = countFor(tab, stats);
        return (
          <Link
            key={tab}
            to="/videos"
            search={withTab(tab, view)}
            // Only an exact match counts as TanStack's own active link (which forces aria-current): a partial one
            // would mark "All" on every tab. A filtered or paged tab is still marked, by aria-current below.
            activeOptions={{ exact: true }}
            aria-current={tab === current ? "page" : undefined}
            className="-mb-px flex shrink-0 items-center gap-1.5 border-b-2 border-transparent px-3 py-2 text-sm text-fg-muted hover:text-fg aria-[current=page]:border-brand-500 aria-[current=page]:text-fg"
          >
            {t(`videos.tabs.${tab}`)}
            {count !== undefined && (
              <span className="rounded bg-surface-muted px-1.5 text-xs tabular-nums">{count}</span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
