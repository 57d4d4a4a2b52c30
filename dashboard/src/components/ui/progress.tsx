/** A determinate progress bar (0–100) or, with `value` null, an indeterminate stripe. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
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
        className={
          clamped === null
            ? "h-full w-1/3 animate-indeterminate rounded-full bg-brand-500 motion-reduce:animate-pulse"
            : "h-full rounded-full bg-brand-500 transition-[width]"
        }
        style={clamped === null ? undefined : { width: `${clamped}%` }}
      />
    </div>
  );
}
