import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { useSessionProbe } from "@/features/auth/use-session-probe";
import { trpcClient, useTRPC } from "@/lib/trpc";
import { type LiveSnapshot, pruneDeltas, reconcileLiveSet, type StatusDelta } from "./live-set";

const snapshotKey = ["live-set", "snapshot"] as const;
const LiveSetContext = createContext<ReadonlySet<string>>(new Set());

/**
 * One `stream.status` subscription for the whole signed-in app, seeded by `stream.liveIds`. When the stream
 * errors (it reconnects and resumes by itself), the snapshot is fetched again and reconciled with the deltas.
 */
export function LiveSetProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [deltas, setDeltas] = useState<StatusDelta[]>([]);
  const probeSession = useSessionProbe();

  const snapshot = useQuery({
    queryKey: snapshotKey,
    queryFn: async (): Promise<LiveSnapshot> => {
      const requestedAt = Date.now();
      const ids = await trpcClient.stream.liveIds.query();
      return { ids, requestedAt };
    },
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnReconnect: true,
  });

  useSubscription(
    trpc.stream.status.subscriptionOptions(undefined, {
      onData: (event) => {
        const delta: StatusDelta = {
          kind: event.data.kind,
          broadcaster_id: event.data.broadcaster_id,
          receivedAt: Date.now(),
        };
        setDeltas((previous) => pruneDeltas(snapshot.data ?? null, [...previous, delta]));
      },
      onError: () => {
        probeSession();
        void queryClient.invalidateQueries({ queryKey: snapshotKey });
      },
    }),
  );

  const live = useMemo(() => reconcileLiveSet(snapshot.data ?? null, deltas), [snapshot.data, deltas]);
  return <LiveSetContext.Provider value={live}>{children}</LiveSetContext.Provider>;
}

/** Broadcaster ids live now, kept current without reloads. */
export function useLiveSet(): ReadonlySet<string> {
  return useContext(LiveSetContext);
}
