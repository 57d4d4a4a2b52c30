import { useTranslation } from "react-i18next";
import { DataCell, DataRow } from "@/components/data-table";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { formatDate, formatDuration, formatPast, formatRelative } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { intervalParts, nextRun, type TaskStatus, taskSchedule } from "../task-status";

type Task = RouterOutputs["task"]["list"]["data"][number];

const STATUS_TONES: Record<TaskStatus, BadgeTone> = {
  pending: "neutral",
  running: "brand",
  success: "success",
  failed: "danger",
  skipped: "neutral",
};

/** One task: name and description, last outcome, last and next run, interval, and its two actions. */
export function TaskRow({
  task,
  now,
  columns,
  busy,
  onRunNow,
  onToggle,
}: {
  task: Task;
  now: number;
  columns: string[];
  busy: boolean;
  onRunNow: () => void;
  onToggle: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const running = task.last_status === "running";
  const schedule = taskSchedule(task);
  const next = nextRun(task, now);
  const interval =
    schedule.kind === "manual"
      ? t("tasks.manualOnly")
      : (() => {
          const { value, unit } = intervalParts(schedule.seconds);
          return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(value);
        })();

  return (
    <DataRow data-testid="task-row" data-task={task.name} data-status={task.last_status}>
      <DataCell label={columns[0]}>
        <span className="font-medium text-fg">
          <code className="text-xs">{task.name}</code>
        </span>
        <span className="block text-xs text-fg-muted">{task.description}</span>
        {task.last_error && task.last_status === "failed" && (
          <span className="mt-1 block text-xs text-danger" data-testid="task-error">
            {t("tasks.lastError", { error: task.last_error })}
          </span>
        )}
      </DataCell>
      <DataCell label={columns[1]}>
        <span className="inline-flex flex-wrap items-center gap-1" data-testid="task-status">
          <Badge tone={STATUS_TONES[task.last_status]}>
            {running && <Spinner className="size-3" />}
            {t(`tasks.status.${task.last_status}`)}
          </Badge>
          {!task.is_enabled && <Badge tone="warning">{t("tasks.paused")}</Badge>}
        </span>
      </DataCell>
      <DataCell label={columns[2]}>
        {task.last_run_at ? (
          <>
            <time dateTime={task.last_run_at} title={formatDate(task.last_run_at, locale)}>
              {formatPast(task.last_run_at, now, locale)}
            </time>
            {!running && task.last_duration_ms > 0 && (
              <span className="text-xs text-fg-muted"> · {formatMs(task.last_duration_ms)}</span>
            )}
          </>
        ) : (
          <span className="text-fg-muted">{t("tasks.never")}</span>
        )}
      </DataCell>
      <DataCell label={columns[3]}>
        {next.kind === "at" ? (
          <time dateTime={next.iso} title={formatDate(next.iso, locale)}>
            {formatRelative(next.iso, now, locale)}
          </time>
        ) : (
          <span className="text-fg-muted">{t(`tasks.next.${next.kind}`)}</span>
        )}
      </DataCell>
      <DataCell label={columns[4]}>{interval}</DataCell>
      <DataCell label={columns[5]} className="sm:whitespace-nowrap sm:text-right">
        <span className="inline-flex flex-wrap gap-2 sm:flex-nowrap">
          <Button
            onClick={onRunNow}
            disabled={busy || running || !task.is_enabled}
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
        </span>
      </DataCell>
    </DataRow>
  );
}

/** Milliseconds under a second stay milliseconds; longer runs read as a duration. */
function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000);
}
