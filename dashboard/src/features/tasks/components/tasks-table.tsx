import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { DataHead, DataTable } from "@/components/data-table";
import { QueryError } from "@/components/query-error";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageSpinner } from "@/components/ui/spinner";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { useNow } from "@/lib/use-now";
import { useTaskStatusFeed } from "../api/use-task-status-feed";
import { TaskRow } from "./task-row";

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
  const columns = [
    t("tasks.columns.task"),
    t("tasks.columns.status"),
    t("tasks.columns.lastRun"),
    t("tasks.columns.nextRun"),
    t("tasks.columns.interval"),
    t("tasks.columns.actions"),
  ];
  const error = runNow.error ?? toggle.error;

  if (tasks.isError) return <QueryError error={tasks.error} retry={() => void tasks.refetch()} />;
  if (!tasks.data) return <PageSpinner />;
  return (
    <div className="flex flex-col gap-4">
      {error && <Alert tone="danger">{error.message}</Alert>}
      <Card>
        {tasks.data.data.length === 0 ? (
          <p className="p-4 text-sm text-fg-muted">{t("tasks.empty")}</p>
        ) : (
          <DataTable caption={t("tasks.title")}>
            <DataHead columns={columns} />
            <tbody>
              {tasks.data.data.map((task) => (
                <TaskRow
                  key={task.name}
                  task={task}
                  now={now}
                  columns={columns}
                  busy={
                    (runNow.isPending && runNow.variables?.name === task.name) ||
                    (toggle.isPending && toggle.variables?.name === task.name)
                  }
                  onRunNow={() => runNow.mutate({ name: task.name })}
                  onToggle={() => toggle.mutate({ name: task.name, enabled: !task.is_enabled })}
                />
              ))}
            </tbody>
          </DataTable>
        )}
      </Card>
    </div>
  );
}
