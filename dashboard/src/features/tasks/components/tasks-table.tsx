import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { QueryResult } from "@/components/query-result";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { type Column, StackedTable } from "@/components/ui/stacked-table";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { useTaskStatusFeed } from "../api/use-task-status-feed";
import { LastRun, NextRun, TaskActions, TaskInterval, TaskName, TaskStatusBadges } from "./task-cells";

type Task = RouterOutputs["task"]["list"]["data"][number];

/** Every maintenance task with its state; Run now and Pause/Resume; kept live by `task.status`. */
export function TasksTable() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(15_000);
  const tasks = useQuery(trpc.task.list.queryOptions());
  useTaskStatusFeed();
  // The answer is the task's new row: put it in the list at once.
  const replace = (updated: Task) =>
    queryClient.setQueryData(trpc.task.list.queryKey(), (old) =>
      old ? { data: old.data.map((task) => (task.name === updated.name ? updated : task)) } : old,
    );
  const runNow = useMutation(trpc.task.runNow.mutationOptions({ onSuccess: replace }));
  const toggle = useMutation(trpc.task.toggle.mutationOptions({ onSuccess: replace }));
  const busy = (task: Task) =>
    (runNow.isPending && runNow.variables?.name === task.name) ||
    (toggle.isPending && toggle.variables?.name === task.name);
  const columns: Column<Task>[] = [
    { header: t("tasks.columns.task"), cell: (task) => <TaskName task={task} /> },
    { header: t("tasks.columns.status"), cell: (task) => <TaskStatusBadges task={task} /> },
    { header: t("tasks.columns.lastRun"), cell: (task) => <LastRun task={task} now={now} /> },
    { header: t("tasks.columns.nextRun"), cell: (task) => <NextRun task={task} now={now} /> },
    { header: t("tasks.columns.interval"), cell: (task) => <TaskInterval task={task} /> },
    {
      header: t("tasks.columns.actions"),
      actions: true,
      cell: (task) => (
        <TaskActions
          task={task}
          busy={busy(task)}
          onRunNow={() => runNow.mutate({ name: task.name })}
          onToggle={() => toggle.mutate({ name: task.name, enabled: !task.is_enabled })}
        />
      ),
    },
  ];
  const error = runNow.error ?? toggle.error;

  return (
    <div className="flex flex-col gap-4">
      {error && <Alert tone="danger">{error.message}</Alert>}
      <QueryResult query={tasks}>
        {(data) => (
          <Card>
            {data.data.length === 0 ? (
              <p className="p-4 text-sm text-fg-muted">{t("tasks.empty")}</p>
            ) : (
              <StackedTable
                inCard
                caption={t("tasks.title")}
                columns={columns}
                rows={data.data}
                rowKey={(task) => task.name}
                rowProps={(task) => ({
                  "data-testid": "task-row",
                  "data-task": task.name,
                  "data-status": task.last_status,
                })}
              />
            )}
          </Card>
        )}
      </QueryResult>
    </div>
  );
}
