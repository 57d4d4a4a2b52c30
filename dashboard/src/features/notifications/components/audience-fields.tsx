import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Input } from "@/components/ui/field";
import { useTRPC } from "@/lib/trpc";
import { NOTIFICATION_EVENTS, type NotificationEvent, toggle } from "../target-form";

/** Which events a target is told about, one checkbox each. */
export function EventsField({
  value,
  onChange,
}: {
  value: NotificationEvent[];
  onChange: (events: NotificationEvent[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend className="text-sm font-medium text-fg">{t("notifications.form.events")}</legend>
      <p className="mb-1.5 text-xs text-fg-muted">{t("notifications.form.eventsHint")}</p>
      <div className="flex flex-col gap-1.5">
        {NOTIFICATION_EVENTS.map((event) => (
          <label key={event} className="flex items-center gap-2 text-sm text-fg">
            <input
              type="checkbox"
              className="size-4 accent-brand-600"
              checked={value.includes(event)}
              onChange={(e) => onChange(toggle(value, event, e.target.checked))}
              data-testid={`event-${event}`}
            />
            {t(`notifications.events.${event}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Which channels a target follows (none: every channel), picked from the watched ones. */
export function ChannelsField({ value, onChange }: { value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const channels = useQuery(trpc.channel.list.queryOptions());
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = (channels.data ?? []).filter(
    (c) =>
      value.includes(c.broadcaster_id) ||
      needle === "" ||
      c.broadcaster_name.toLowerCase().includes(needle) ||
      c.broadcaster_login.includes(needle),
  );
  return (
    <fieldset>
      <legend className="text-sm font-medium text-fg">{t("notifications.form.channels")}</legend>
      <p className="mb-1.5 text-xs text-fg-muted">{t("notifications.form.channelsHint")}</p>
      {channels.data?.length === 0 ? (
        <p className="text-sm text-fg-muted">{t("notifications.form.noChannels")}</p>
      ) : (
        <>
          <Input
            type="search"
            aria-label={t("notifications.form.channelFilter")}
            placeholder={t("notifications.form.channelFilter")}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <div className="mt-2 flex max-h-48 flex-col gap-1.5 overflow-y-auto">
            {shown.map((c) => (
              <label key={c.broadcaster_id} className="flex items-center gap-2 text-sm text-fg">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-600"
                  checked={value.includes(c.broadcaster_id)}
                  onChange={(e) => onChange(toggle(value, c.broadcaster_id, e.target.checked))}
                />
                {c.broadcaster_name}
              </label>
            ))}
          </div>
        </>
      )}
    </fieldset>
  );
}
