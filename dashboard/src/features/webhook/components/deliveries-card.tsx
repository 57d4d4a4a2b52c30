import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { DeliveryLogCard } from "@/components/delivery-log-card";
import { Badge } from "@/components/ui/badge";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";

type Delivery = RouterOutputs["recordingWebhook"]["deliveries"][number];

/** How often the log is fetched again while the page is open. */
const REFRESH_MS = 15_000;

/** The latest deliveries (newest first): outcome, attempts, the receiver's answer, and Retry for failures. */
export function DeliveriesCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    ...trpc.recordingWebhook.deliveries.queryOptions(),
    refetchInterval: REFRESH_MS,
  });
  const retry = useMutation(
    trpc.recordingWebhook.retryDelivery.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.recordingWebhook.deliveries.pathFilter()),
    }),
  );
  return (
    <DeliveryLogCard<Delivery>
      ns="webhook"
      testId="webhook-deliveries"
      rowTestId="delivery-row"
      deliveries={deliveries}
      retry={retry}
      retryLabel={(d) => t("webhook.deliveries.retryFor", { event: d.event, id: d.id })}
      columns={[
        {
          header: t("webhook.deliveries.event"),
          cell: (d) => (
            <>
              <code className="text-xs">{d.event}</code>{" "}
              {d.test && <Badge tone="brand">{t("webhook.deliveries.test")}</Badge>}
              {d.video_id !== null && (
                <span className="text-xs text-fg-muted">
                  {" "}
                  {t("webhook.deliveries.video", { id: d.video_id })}
                </span>
              )}
            </>
          ),
        },
      ]}
    />
  );
}
