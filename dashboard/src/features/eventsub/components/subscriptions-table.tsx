import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { subscriptionStatus } from "@/lib/server-labels";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useChannelNames } from "@/lib/use-channel-names";
import { useTranslator } from "@/lib/use-translator";
import { SUBSCRIPTIONS_PAGE, subscriptionTone } from "../subscriptions";
import { UnsubscribeDialog } from "./unsubscribe-dialog";

type Subscription = RouterOutputs["eventsub"]["listSubscriptions"]["data"][number];
const SHOWN = SUBSCRIPTIONS_PAGE.limit;

/** Our subscriptions on Twitch (the local mirror), with Unsubscribe after a confirmation. */
export function SubscriptionsTable() {
  const { t, i18n } = useTranslation();
  const tr = useTranslator();
  const trpc = useTRPC();
  const subscriptions = useQuery({
    ...trpc.eventsub.listSubscriptions.queryOptions(SUBSCRIPTIONS_PAGE),
    refetchInterval: 15_000,
  });
  const channelName = useChannelNames();
  const [confirming, setConfirming] = useState<Subscription | null>(null);
  const nameOf = (s: Subscription) =>
    (s.broadcaster_id && channelName(s.broadcaster_id)) || s.broadcaster_id || t("common.unknown");
  const columns: Column<Subscription>[] = [
    {
      header: t("eventsub.subscriptions.type"),
      cell: (s) => (
        <>
          <code className="text-xs">{s.type}</code>{" "}
          <span className="text-xs text-fg-muted">v{s.version}</span>
        </>
      ),
    },
    { header: t("eventsub.subscriptions.channel"), cell: nameOf },
    {
      header: t("eventsub.subscriptions.status"),
      cell: (s) => <Badge tone={subscriptionTone(s.status)}>{subscriptionStatus(tr, s.status)}</Badge>,
    },
    { header: t("eventsub.subscriptions.cost"), cell: (s) => s.cost.toLocaleString(i18n.language) },
    {
      header: t("eventsub.subscriptions.actions"),
      actions: true,
      cell: (s) => (
        <Button
          aria-label={t("eventsub.subscriptions.unsubscribeFor", { type: s.type, channel: nameOf(s) })}
          onClick={() => setConfirming(s)}
        >
          {t("eventsub.subscriptions.unsubscribe")}
        </Button>
      ),
    },
  ];
  const total = subscriptions.data?.total ?? 0;

  return (
    <Card aria-labelledby="subscriptions-title" data-testid="subscriptions">
      <CardHeader
        id="subscriptions-title"
        title={t("eventsub.subscriptions.title")}
        actions={
          subscriptions.data && (
            <span className="text-xs text-fg-muted">
              {total > SHOWN
                ? t("eventsub.subscriptions.showing", { shown: SHOWN, total })
                : t("eventsub.subscriptions.count", { count: total })}
            </span>
          )
        }
      />
      {subscriptions.isError ? (
        <div className="p-4">
          <QueryError error={subscriptions.error} retry={() => void subscriptions.refetch()} />
        </div>
      ) : subscriptions.data?.data.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t("eventsub.subscriptions.empty")}</p>
      ) : (
        <StackedTable
          inCard
          caption={t("eventsub.subscriptions.title")}
          columns={columns}
          rows={subscriptions.data?.data ?? []}
          rowKey={(s) => s.id}
          rowProps={(s) => ({
            "data-testid": "subscription-row",
            "data-type": s.type,
            "data-status": s.status,
          })}
        />
      )}
      {confirming && (
        <UnsubscribeDialog
          subscription={confirming}
          channel={nameOf(confirming)}
          onClose={() => setConfirming(null)}
        />
      )}
    </Card>
  );
}
