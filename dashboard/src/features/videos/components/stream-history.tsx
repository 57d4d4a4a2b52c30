import { Popover } from "@base-ui/react/popover";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { HistoryIcon } from "@/components/icons";
import { buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { formatClock } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { streamHistoryRows } from "../stream-history";

/**
 * A card's "stream history": the recording's title and category changes, each at its moment in the video.
 * The timeline is fetched only once the popover opens (a library page shows dozens of cards); Base UI gives
 * the keyboard behaviour (Enter or Space opens, focus moves in, Esc closes and returns focus).
 */
export function StreamHistory({
  video,
}: {
  video: { id: number; title: string; start_download_at: string };
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const name = video.title || t("videos.untitled");
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        className={buttonClasses("ghost", "icon")}
        aria-label={t("videos.streamHistoryOf", { title: name })}
        title={t("videos.streamHistory")}
      >
        <HistoryIcon />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Positioner sideOffset={6} align="end" collisionPadding={8} className="z-50">
          <Popover.Popup
            data-testid="stream-history"
            className="w-80 max-w-[calc(100vw-1rem)] rounded-lg border border-line bg-surface p-3 shadow-lg outline-none"
          >
            <Popover.Title className="mb-2 text-sm font-semibold text-fg">
              {t("videos.streamHistory")}
            </Popover.Title>
            {open && <Changes video={video} />}
          </Popover.Popup>
        </Popover.Positioner>
      </Popover.Portal>
    </Popover.Root>
  );
}

function Changes({ video }: { video: { id: number; start_download_at: string } }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery(trpc.video.timeline.queryOptions({ video_id: video.id }));
  if (query.isPending) return <Spinner />;
  if (query.isError) return <p className="text-sm text-danger">{t("videos.streamHistoryFailed")}</p>;
  const markers = streamHistoryRows(query.data, video.start_download_at);
  if (markers.length === 0) return <p className="text-sm text-fg-muted">{t("videos.streamHistoryEmpty")}</p>;
  return (
    <ol className="max-h-72 overflow-y-auto text-sm">
      {markers.map((m) => (
        <li key={m.id} className="flex items-baseline gap-3 py-1">
          <span className="font-mono text-xs tabular-nums text-brand-600 dark:text-brand-400">
            {formatClock(m.seconds)}
          </span>
          <span className="min-w-0 flex-1 break-words text-fg">
            <span className="text-xs text-fg-muted">
              {m.kind === "title" ? t("videos.streamHistoryTitle") : t("videos.streamHistoryCategory")}
              {" · "}
            </span>
            {m.label}
          </span>
        </li>
      ))}
    </ol>
  );
}
