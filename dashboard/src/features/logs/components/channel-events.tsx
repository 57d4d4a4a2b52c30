import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { QueryError } from "@/components/query-error";
import { Card } from "@/components/ui/card";
import { useTRPC } from "@/lib/trpc";
import { useSystemEventsFeed } from "../api/use-system-events-feed";
import { DEFAULT_SEVERITY } from "../log-query";
import { EventLogTable } from "./event-log-table";

const LAST = 10;

/**
 * A channel's last events (owner only, like the logs page): when it went live, why it was or was not
 * recorded, how its recordings went. New entries arrive as they are written.
 */
export function ChannelEvents({ broadcasterId }: { broadcasterId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const events = useQuery(
    trpc.system.eventLogs.queryOptions({
      limit: LAST,
      offset: 0,
      severity: DEFAULT_SEVERITY,
      broadcaster_id: broadcasterId,
    }),
  );
  useSystemEventsFeed(true);
  return (
    <section aria-labelledby="channel-events" className="mb-8" data-testid="channel-events">
      <div className="mb-4 flex items-baseline justify-between gap-4">
        <h2 id="channel-events" className="text-lg font-semibold text-fg">
          {t("channels.events.title")}
        </h2>
        <Link to="/system/logs" className="text-sm text-fg-muted hover:text-fg">
          {t("channels.events.allLogs")}
        </Link>
      </div>
      {events.isError ? (
        <QueryError error={events.error} retry={() => void events.refetch()} />
      ) : !events.data ? null : events.data.data.length === 0 ? (
        <p className="text-sm text-fg-muted">{t("channels.events.empty")}</p>
      ) : (
        <Card>
          <EventLogTable entries={events.data.data} />
        </Card>
      )}
    </section>
  );
}
