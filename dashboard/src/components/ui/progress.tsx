import { cn } from "./cn";

export type ProgressTone = "brand" | "warning" | "danger";

const toneClasses: Record<ProgressTone, string> = {
  brand: "bg-brand-500",
  warning: "bg-warning",
  danger: "bg-danger",
};

/** A determinate progress bar (0–100) or, with `value` null, an indeterminate stripe. */
export function ProgressBar({
  value,
  label,
  tone = "brand",
}: {
  value: number | null;
  label: string;
  tone?: ProgressTone;
}) {
  const clamped = value === null ? null : Math.max(0, Math.min(100, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped ?? undefined}
      className="h-1.5 w-full overflow-hidden rounded-full bg-surface-muted"
    >
      <div
        className={cn(
          "h-full rounded-full",
          toneClasses[tone],
          clamped === null ? "w-1/3 animate-indeterminate motion-reduce:animate-pulse" : "transition-[width]",
        )}
        style={clamped === null ? undefined : { width: `${clamped}%` }}
      />
    </div>
  );
}
