import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useSessionProbe } from "@/features/auth/use-session-probe";
import { useTRPC } from "@/lib/trpc";
import { applyTaskEvent, endsRun } from "../task-status";

/**
 * Follows `task.status` while the tasks page is open: each event is applied to the cached list at once
 * (running → success without a reload); a finished run, an unknown task or a dropped stream refetch the list.
 */
export function useTaskStatusFeed() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const probeSession = useSessionProbe();
  const listKey = trpc.task.list.queryKey();

  useSubscription(
    trpc.task.status.subscriptionOptions(undefined, {
      onData: ({ data: event }) => {
        const cached = queryClient.getQueryData(listKey);
        const known = cached?.data.some((task) => task.name === event.name) ?? false;
        if (cached && known) queryClient.setQueryData(listKey, { data: applyTaskEvent(cached.data, event) });
        if (!known || endsRun(event)) void queryClient.invalidateQueries({ queryKey: listKey });
      },
      onError: () => {
        probeSession();
        void queryClient.invalidateQueries({ queryKey: listKey });
      },
    }),
  );
}
