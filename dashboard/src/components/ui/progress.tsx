import { cn } from "./cn";

export type ProgressTone = "brand" | "warning" | "danger";

const toneClasses: Record<ProgressTone, string> = {
  brand: "bg-brand-500",
  warning: "bg-warning",
  danger: "bg-danger",
};

const stripeClasses: Record<ProgressTone, string> = {
  brand: "text-brand-500",
  warning: "text-warning",
  danger: "text-danger",
};

/**
 * A determinate progress bar (0–100) or, with `value` null, an indeterminate one: stripes moving along the
 * whole track, with no fill that could be read as a share done and no value for screen readers.
 */
export function ProgressBar({
  value,
  label,
  tone = "brand",
}: {
  value: number | null;
  label: string;
  tone?: ProgressTone;
}) {
  if (value === null)
    return (
      <div
        role="progressbar"
        aria-label={label}
        data-indeterminate=""
        className="h-1.5 w-full overflow-hidden rounded-full bg-surface-muted"
      >
        <div
          className={cn(
            "h-full w-full bg-stripes animate-stripes motion-reduce:animate-none",
            stripeClasses[tone],
          )}
        />
      </div>
    );
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      className="h-1.5 w-full overflow-hidden rounded-full bg-surface-muted"
    >
      <div
        className={cn("h-full rounded-full transition-[width]", toneClasses[tone])}
        style={{ width: `${clamped}%` }}
      />
    </div>
  );
}
