import { Link } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Card, CardHeader } from "@/components/ui/card";
import type { RouterOutputs } from "@/lib/trpc";
import type { Share } from "../metric";
import type { Metric } from "../time-buckets";
import { ShareList } from "./share-list";
import { StorageCard } from "./storage-card";

type Breakdown = RouterOutputs["video"]["statisticsBreakdown"];

/** The channels and categories with the most recorded time (links to their pages), then the storage card. */
export function BreakdownCards({
  breakdown,
  total,
  metric,
}: {
  breakdown: Breakdown;
  total: Share;
  metric: Metric;
}) {
  const { t } = useTranslation();
  const list = (rows: Parameters<typeof ShareList>[0]["rows"]) => (
    <ShareList metric={metric} total={total} empty={t("statistics.nothingYet")} rows={rows} />
  );
  return (
    <>
      <div className="grid gap-6 lg:grid-cols-2">
        <ShareCard id="by-channel" title={t("statistics.byChannel")}>
          {list(
            breakdown.channels.map((c) => ({
              ...c,
              key: c.broadcaster_id,
              name: (
                <Link
                  to="/channels/$channelId"
                  params={{ channelId: c.broadcaster_id }}
                  className="hover:underline"
                >
                  {c.broadcaster_name}
                </Link>
              ),
            })),
          )}
        </ShareCard>
        <ShareCard id="by-category" title={t("statistics.byCategory")}>
          {list(
            breakdown.categories.map((c) => ({
              ...c,
              key: c.category_id ?? "none",
              name: c.category_id ? (
                <Link
                  to="/categories/$categoryId"
                  params={{ categoryId: c.category_id }}
                  className="hover:underline"
                >
                  {c.name ?? c.category_id}
                </Link>
              ) : (
                t("statistics.noCategory")
              ),
            })),
          )}
        </ShareCard>
      </div>
      <StorageCard total={total} audioOnly={breakdown.audio_only} />
    </>
  );
}

function ShareCard({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card aria-labelledby={`${id}-title`}>
      <CardHeader id={`${id}-title`} title={title} />
      {children}
    </Card>
  );
}
