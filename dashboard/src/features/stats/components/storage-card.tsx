import { useTranslation } from "react-i18next";
import { Card, CardHeader } from "@/components/ui/card";
import { formatBytes, formatDuration } from "@/lib/format";
import type { Share } from "../metric";

/** Where the space goes: the library's size, per recording and per hour, and what audio-only recordings take. */
export function StorageCard({ total, audioOnly }: { total: Share; audioOnly: Share }) {
  const { t, i18n } = useTranslation();
  const perRecording = total.count > 0 ? total.size_bytes / total.count : null;
  const perHour = total.duration_seconds > 0 ? (total.size_bytes / total.duration_seconds) * 3600 : null;
  const facts: [string, string][] = [
    [t("statistics.storage.used"), formatBytes(total.size_bytes, i18n.language)],
    [t("statistics.storage.perRecording"), formatBytes(perRecording, i18n.language)],
    [t("statistics.storage.perHour"), formatBytes(perHour, i18n.language)],
    [
      t("statistics.storage.audioOnly"),
      t("statistics.storage.audioOnlyValue", {
        count: audioOnly.count,
        size: formatBytes(audioOnly.size_bytes, i18n.language),
        duration: formatDuration(audioOnly.duration_seconds, i18n.language),
      }),
    ],
  ];
  return (
    <Card aria-labelledby="storage-title">
      <CardHeader id="storage-title" title={t("statistics.storage.title")} />
      <dl className="grid grid-cols-1 gap-3 px-4 py-3 sm:grid-cols-2">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-fg-muted">{label}</dt>
            <dd className="text-sm font-medium text-fg tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
