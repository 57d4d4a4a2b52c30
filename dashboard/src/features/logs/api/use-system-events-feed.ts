import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useSessionProbe } from "@/features/auth/use-session-probe";
import { useTRPC } from "@/lib/trpc";

/** While the event log is shown: each new entry (`system.events`) refetches the list and any search. */
export function useSystemEventsFeed(enabled: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const probeSession = useSessionProbe();
  useSubscription(
    trpc.system.events.subscriptionOptions(undefined, {
      enabled,
      onData: () => {
        void queryClient.invalidateQueries(trpc.system.eventLogs.pathFilter());
        void queryClient.invalidateQueries(trpc.system.searchEventLogs.pathFilter());
      },
      onError: probeSession,
    }),
  );
}
