import { useTranslation } from "react-i18next";
import { Card, CardHeader } from "@/components/ui/card";
import { formatClock } from "@/lib/format";
import { isSkip, type TimelineMarker } from "../markers";
import { MARKER_COLOR } from "./marker-style";

/** Title or category changes, or skips, as a list of jump links (the same markers as on the timeline). */
export function HistoryList({
  title,
  markers,
  onSeek,
  empty,
}: {
  title: string;
  markers: TimelineMarker[];
  onSeek: (seconds: number) => void;
  /** What an empty list says (default: no changes recorded). */
  empty?: string;
}) {
  const { t } = useTranslation();
  return (
    <Card>
      <CardHeader title={title} />
      {markers.length === 0 ? (
        <p className="p-4 text-sm text-fg-muted">{empty ?? t("watch.noChanges")}</p>
      ) : (
        <ol className="max-h-72 overflow-y-auto p-2">
          {markers.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                onClick={() => onSeek(m.seconds)}
                className="flex w-full items-baseline gap-3 rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-muted"
              >
                <span className="font-mono text-xs tabular-nums text-brand-600 dark:text-brand-400">
                  {formatClock(m.seconds)}
                </span>
                {isSkip(m) && (
                  <span
                    aria-hidden
                    className={`size-2 shrink-0 self-center rounded-sm ${MARKER_COLOR[m.kind]}`}
                  />
                )}
                <span className="min-w-0 flex-1 text-fg">{m.label}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
