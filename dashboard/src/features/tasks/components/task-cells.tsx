import { useTranslation } from "react-i18next";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { formatDate, formatMilliseconds, formatPast, formatRelative } from "@/lib/format";
import { taskDescription } from "@/lib/server-labels";
import type { RouterOutputs } from "@/lib/trpc";
import { useDateStyle } from "@/lib/use-date-style";
import { useTranslator } from "@/lib/use-translator";
import { intervalParts, nextRun, type TaskStatus, taskSchedule } from "../task-status";

// The cells of a task's row in the tasks table, one component per column.

type Task = RouterOutputs["task"]["list"]["data"][number];

const STATUS_TONES: Record<TaskStatus, BadgeTone> = {
  pending: "neutral",
  running: "brand",
  success: "success",
  failed: "danger",
  skipped: "neutral",
};

/** Name and description; the last error while the last run failed. */
export function TaskName({ task }: { task: Task }) {
  const { t } = useTranslation();
  const tr = useTranslator();
  return (
    <>
      <code className="text-xs font-medium text-fg">{task.name}</code>
      <span className="block text-xs text-fg-muted">{taskDescription(tr, task)}</span>
      {task.last_error && task.last_status === "failed" && (
        <span className="mt-1 block text-xs text-danger" data-testid="task-error">
          {/* The error is the server's own words (English), marked so for screen readers. */}
          {t("tasks.lastErrorLabel")} <span lang="en">{task.last_error}</span>
        </span>
      )}
    </>
  );
}

export function TaskStatusBadges({ task }: { task: Task }) {
  const { t } = useTranslation();
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-testid="task-status">
      <Badge tone={STATUS_TONES[task.last_status]}>
        {task.last_status === "running" && <Spinner className="size-3" />}
        {t(`tasks.status.${task.last_status}`)}
      </Badge>
      {!task.is_enabled && <Badge tone="warning">{t("tasks.paused")}</Badge>}
    </span>
  );
}

/** When it last ran, and for how long once that run is over. */
export function LastRun({ task, now }: { task: Task; now: number }) {
  const { t, i18n } = useTranslation();
  const dateStyle = useDateStyle();
  if (!task.last_run_at) return <span className="text-fg-muted">{t("tasks.never")}</span>;
  return (
    <>
      <time dateTime={task.last_run_at} title={formatDate(task.last_run_at, dateStyle)}>
        {formatPast(task.last_run_at, now, dateStyle)}
      </time>
      {task.last_status !== "running" && task.last_duration_ms > 0 && (
        <span className="text-xs text-fg-muted">
          {" "}
          · {formatMilliseconds(task.last_duration_ms, i18n.language)}
        </span>
      )}
    </>
  );
}

export function NextRun({ task, now }: { task: Task; now: number }) {
  const { t } = useTranslation();
  const dateStyle = useDateStyle();
  const next = nextRun(task, now);
  if (next.kind !== "at") return <span className="text-fg-muted">{t(`tasks.next.${next.kind}`)}</span>;
  return (
    <time dateTime={next.iso} title={formatDate(next.iso, dateStyle)}>
      {formatRelative(next.iso, now, dateStyle)}
    </time>
  );
}

/** "Every 10 minutes" in the reader's language (Intl's unit names), or "manual only". */
export function TaskInterval({ task }: { task: Task }) {
  const { t, i18n } = useTranslation();
  const schedule = taskSchedule(task);
  if (schedule.kind === "manual") return t("tasks.manualOnly");
  const { value, unit } = intervalParts(schedule.seconds);
  return new Intl.NumberFormat(i18n.language, { style: "unit", unit, unitDisplay: "long" }).format(value);
}

/** Run now (not while running or paused) and Pause/Resume. */
export function TaskActions({
  task,
  busy,
  onRunNow,
  onToggle,
}: {
  task: Task;
  busy: boolean;
  onRunNow: () => void;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Button
        onClick={onRunNow}
        disabled={busy || task.last_status === "running" || !task.is_enabled}
        aria-label={t("tasks.runNowFor", { name: task.name })}
        title={task.is_enabled ? undefined : t("tasks.runNowPaused")}
      >
        {t("tasks.runNow")}
      </Button>
      <Button
        onClick={onToggle}
        disabled={busy}
        aria-label={t(task.is_enabled ? "tasks.pauseFor" : "tasks.resumeFor", { name: task.name })}
      >
        {task.is_enabled ? t("tasks.pause") : t("tasks.resume")}
      </Button>
    </>
  );
}
