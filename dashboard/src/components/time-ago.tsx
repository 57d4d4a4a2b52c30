import { useTranslation } from "react-i18next";
import { formatDate, formatRelative } from "@/lib/format";

/** "3 hours ago" (or "in 2 days"), with the full date on hover and in the machine-readable attribute. */
export function TimeAgo({ iso, now }: { iso: string; now: number }) {
  const { i18n } = useTranslation();
  return (
    <time dateTime={iso} title={formatDate(iso, i18n.language)}>
      {formatRelative(iso, now, i18n.language)}
    </time>
  );
}
