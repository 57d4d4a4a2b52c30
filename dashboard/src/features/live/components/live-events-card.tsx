import { Link } from "@tanstack/react-router";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Card, CardHeader } from "@/components/ui/card";
import { useSessionProbe } from "@/features/auth/use-session-probe";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useNow } from "@/lib/use-now";
import { pushRecent } from "../recent-events";

interface StartedEvent {
  id: string;
  broadcaster_id: string;
  broadcaster_login: string;
  schedules: number;
  at: string;
}

/** Recordings that schedules started since the page opened (`stream.live`), newest first. */
export function LiveEventsCard() {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const trpc = useTRPC();
  const now = useNow(30_000);
  const [events, setEvents] = useState<StartedEvent[]>([]);
  const probeSession = useSessionProbe();

  useSubscription(
    trpc.stream.live.subscriptionOptions(undefined, {
      onData: ({ id, data }) =>
        setEvents((previous) =>
          pushRecent(previous, {
            id,
            broadcaster_id: data.broadcaster_id,
            broadcaster_login: data.broadcaster_login,
            schedules: data.matched_schedules.length,
            at: new Date().toISOString(),
          }),
        ),
      onError: probeSession,
    }),
  );

  return (
    <Card aria-labelledby="live-events-title">
      <CardHeader id="live-events-title" title={t("live.recentStarts")} />
      {events.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{t("live.noRecentStarts")}</p>
      ) : (
        <ul className="divide-y divide-line" aria-live="polite">
          {events.map((event) => (
            <li key={event.id} className="flex items-center gap-2 px-4 py-2 text-sm">
              <Link
                to="/channels/$channelId"
                params={{ channelId: event.broadcaster_id }}
                className="font-medium text-fg hover:underline"
              >
                {event.broadcaster_login}
              </Link>
              <span className="text-fg-muted">
                {t("live.startedBySchedules", { count: event.schedules })}
              </span>
              <time className="ml-auto text-xs text-fg-muted" dateTime={event.at}>
                {formatRelative(event.at, now, dateStyle)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
