import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { DeliveryLogCard } from "@/components/delivery-log-card";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";

type Delivery = RouterOutputs["notification"]["deliveries"][number];

/** How often the log is fetched again while the page is open. */
const REFRESH_MS = 15_000;

/** The latest notifications sent: to which target, for which event, and what its service answered. */
export function NotificationDeliveriesCard() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deliveries = useQuery({
    ...trpc.notification.deliveries.queryOptions(),
    refetchInterval: REFRESH_MS,
  });
  const retry = useMutation(
    trpc.notification.retryDelivery.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.notification.deliveries.pathFilter()),
    }),
  );
  return (
    <DeliveryLogCard<Delivery>
      ns="notifications"
      testId="notification-deliveries"
      rowTestId="notification-delivery-row"
      deliveries={deliveries}
      retry={retry}
      retryLabel={(d) => t("notifications.deliveries.retryFor", { id: d.id, target: d.target_name })}
      columns={[
        { header: t("notifications.deliveries.target"), cell: (d) => d.target_name },
        {
          header: t("notifications.deliveries.event"),
          cell: (d) => (
            <>
              {t(`notifications.events.${d.event}`)}
              <span className="block text-xs text-fg-muted">{d.title}</span>
            </>
          ),
        },
      ]}
    />
  );
}
