import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { cn } from "@/components/ui/cn";
import { formatDate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { type QuotaLevel, snapshotBars } from "../quota";

const BAR: Record<QuotaLevel, string> = { ok: "bg-brand-500", warning: "bg-warning", critical: "bg-danger" };
const SHOWN = 30;

/** The recent snapshots' costs as a small bar strip, oldest on the left; each bar names its time and cost. */
export function SnapshotStrip() {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const snapshots = useQuery(trpc.eventsub.listSnapshots.queryOptions({ limit: SHOWN, offset: 0 }));
  const bars = snapshotBars(snapshots.data ?? [], SHOWN);
  if (bars.length === 0) return null;
  return (
    <figure className="flex flex-col gap-1.5">
      <figcaption className="text-xs text-fg-muted">
        {t("eventsub.quota.recent", { count: bars.length })}
      </figcaption>
      <ol className="flex h-16 items-end gap-0.5" data-testid="snapshot-strip">
        {bars.map((bar) => {
          const label = t("eventsub.quota.bar", {
            time: formatDate(bar.fetched_at, dateStyle),
            cost: bar.cost,
            total: bar.total,
          });
          return (
            <li key={bar.id} className="flex h-full min-w-1 max-w-4 flex-1 items-end" title={label}>
              <span className="sr-only">{label}</span>
              <span
                aria-hidden="true"
                className={cn("w-full rounded-sm", BAR[bar.level])}
                style={{ height: `${bar.height}%` }}
              />
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
