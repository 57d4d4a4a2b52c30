import type { ReactNode } from "react";

export type StatusTone = "success" | "warning" | "danger" | "neutral";

const toneClasses: Record<StatusTone, { pill: string; dot: string }> = {
  success: { pill: "bg-success-soft text-success", dot: "bg-success" },
  warning: { pill: "bg-warning-soft text-warning", dot: "bg-warning" },
  danger: { pill: "bg-danger-soft text-danger", dot: "bg-danger" },
  neutral: { pill: "bg-surface-muted text-fg-muted", dot: "bg-fg-muted" },
};

/** A coloured badge. The colour is decorative: the text inside always carries the meaning. */
export function StatusPill({
  tone,
  testId,
  children,
}: {
  tone: StatusTone;
  testId?: string;
  children: ReactNode;
}) {
  const classes = toneClasses[tone];
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-sm font-medium ${classes.pill}`}
    >
      <span aria-hidden="true" className={`size-2 rounded-full ${classes.dot}`} />
      <span data-testid={testId}>{children}</span>
    </span>
  );
}
