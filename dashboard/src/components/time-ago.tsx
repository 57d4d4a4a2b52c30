import { formatDate, formatRelative } from "@/lib/format";
import { useDateStyle } from "@/lib/use-date-style";

/** "3 hours ago" (or "in 2 days"), with the full date on hover and in the machine-readable attribute. */
export function TimeAgo({ iso, now }: { iso: string; now: number }) {
  const dateStyle = useDateStyle();
  return (
    <time dateTime={iso} title={formatDate(iso, dateStyle)}>
      {formatRelative(iso, now, dateStyle)}
    </time>
  );
}
