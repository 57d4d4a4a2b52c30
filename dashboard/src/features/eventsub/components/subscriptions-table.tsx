import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { DataCell, DataHead, DataRow, DataTable } from "@/components/data-table";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";

type Subscription = RouterOutputs["eventsub"]["listSubscriptions"]["data"][number];
const SHOWN = 50;

/** Our subscriptions on Twitch (the local mirror), with Unsubscribe after a confirmation. */
export function SubscriptionsTable() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const subscriptions = useQuery(trpc.eventsub.listSubscriptions.queryOptions({ limit: SHOWN, offset: 0 }));
  const channels = useQuery(trpc.channel.list.queryOptions());
  const [confirming, setConfirming] = useState<Subscription | null>(null);
  const unsubscribe = useMutation(
    trpc.eventsub.unsubscribe.mutationOptions({
      onSuccess: () => {
        setConfirming(null);
        return queryClient.invalidateQueries(trpc.eventsub.pathFilter());
      },
    }),
  );
  const names = useMemo(
    () => new Map((channels.data ?? []).map((c) => [c.broadcaster_id, c.broadcaster_name])),
    [channels.data],
  );
  const nameOf = (s: Subscription) =>
    (s.broadcaster_id && names.get(s.broadcaster_id)) || s.broadcaster_id || t("common.unknown");
  const columns = [
    t("eventsub.subscriptions.type"),
    t("eventsub.subscriptions.channel"),
    t("eventsub.subscriptions.status"),
    t("eventsub.subscriptions.cost"),
    t("eventsub.subscriptions.actions"),
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
      {unsubscribe.error && (
        <div className="p-4 pb-0">
          <Alert tone="danger">{unsubscribe.error.message}</Alert>
        </div>
      )}
      {subscriptions.isError ? (
        <div className="p-4">
          <QueryError error={subscriptions.error} retry={() => void subscriptions.refetch()} />
        </div>
      ) : subscriptions.data?.data.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t("eventsub.subscriptions.empty")}</p>
      ) : (
        <DataTable caption={t("eventsub.subscriptions.title")}>
          <DataHead columns={columns} />
          <tbody>
            {(subscriptions.data?.data ?? []).map((s) => (
              <DataRow key={s.id} data-testid="subscription-row" data-type={s.type}>
                <DataCell label={columns[0]}>
                  <code className="text-xs">{s.type}</code>{" "}
                  <span className="text-xs text-fg-muted">v{s.version}</span>
                </DataCell>
                <DataCell label={columns[1]}>{nameOf(s)}</DataCell>
                <DataCell label={columns[2]}>
                  <Badge
                    tone={
                      s.status === "enabled"
                        ? "success"
                        : s.status.includes("pending")
                          ? "neutral"
                          : "warning"
                    }
                  >
                    {s.status}
                  </Badge>
                </DataCell>
                <DataCell label={columns[3]}>{s.cost.toLocaleString(i18n.language)}</DataCell>
                <DataCell label={columns[4]} className="sm:whitespace-nowrap sm:text-right">
                  <Button
                    aria-label={t("eventsub.subscriptions.unsubscribeFor", {
                      type: s.type,
                      channel: nameOf(s),
                    })}
                    onClick={() => {
                      unsubscribe.reset();
                      setConfirming(s);
                    }}
                  >
                    {t("eventsub.subscriptions.unsubscribe")}
                  </Button>
                </DataCell>
              </DataRow>
            ))}
          </tbody>
        </DataTable>
      )}
      {confirming && (
        <ConfirmDialog
          open
          onOpenChange={(open) => !open && setConfirming(null)}
          title={t("eventsub.subscriptions.confirmTitle")}
          description={t("eventsub.subscriptions.confirmDescription", {
            type: confirming.type,
            channel: nameOf(confirming),
          })}
          confirmLabel={t("eventsub.subscriptions.unsubscribe")}
          pending={unsubscribe.isPending}
          onConfirm={() => unsubscribe.mutate({ id: confirming.id, reason: "manual" })}
        >
          {unsubscribe.error && <Alert tone="danger">{unsubscribe.error.message}</Alert>}
        </ConfirmDialog>
      )}
    </Card>
  );
}
