import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { SummaryCard } from "@/components/summary-card";
import { ProgressBar } from "@/components/ui/progress";
import { formatBytes } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { HEALTH_REFRESH_INTERVAL_MS } from "../api/get-health";
import { usedPercent } from "../health-issues";

/**
 * System overview: the data folder's disk (free of total, the pause line) and what the recordings take,
 * `libraryBytes` (the library's statistics, recordings in progress included).
 */
export function StorageOverview({ libraryBytes }: { libraryBytes: number | null }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const report = useQuery({
    ...trpc.system.health.queryOptions(),
    refetchInterval: HEALTH_REFRESH_INTERVAL_MS,
  });
  const bytes = (value: number | null | undefined) => formatBytes(value, i18n.language);
  return (
    <SummaryCard
      title={t("system.overview.storage.title")}
      to="/system/health"
      testId="overview-storage"
      query={report}
    >
      {(data) => {
        const disk = data.checks.disk;
        const used = disk ? usedPercent(disk.free_bytes, disk.total_bytes) : null;
        return (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2">
            <dt className="text-fg-muted">{t("system.overview.storage.library")}</dt>
            <dd className="font-medium text-fg" data-testid="overview-library-size">
              {bytes(libraryBytes)}
            </dd>
            {disk && disk.free_bytes !== null && disk.total_bytes !== null && (
              <>
                <dt className="text-fg-muted">{t("health.facts.free")}</dt>
                <dd className="text-fg">
                  {t("health.facts.freeOf", { free: bytes(disk.free_bytes), total: bytes(disk.total_bytes) })}
                </dd>
              </>
            )}
            {disk && disk.floor_bytes !== null && disk.floor_bytes > 0 && (
              <>
                <dt className="text-fg-muted">{t("health.facts.floor")}</dt>
                <dd className="text-fg">{bytes(disk.floor_bytes)}</dd>
              </>
            )}
            {used !== null && (
              <dd className="col-span-2">
                <ProgressBar value={used} label={t("health.facts.used", { percent: used })} />
              </dd>
            )}
          </dl>
        );
      }}
    </SummaryCard>
  );
}
