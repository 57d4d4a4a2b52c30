import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { useSessionProbe } from "@/features/auth/use-session-probe";
import { useTRPC } from "@/lib/trpc";
import { runningSetChanged } from "../running-set";

/**
 * Running recordings with live progress: `video.activeDownloadsLive` pushes the whole list when it changes;
 * each push is written into the `video.activeDownloads` cache, so every reader sees the same rows. A push
 * that starts or ends a recording also marks the library's counts and lists stale, so they never disagree
 * with what was just recorded.
 */
export function useActiveDownloads() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const probeSession = useSessionProbe();
  const query = useQuery(trpc.video.activeDownloads.queryOptions());

  useSubscription(
    trpc.video.activeDownloadsLive.subscriptionOptions(undefined, {
      onData: (rows) => {
        const before = queryClient.getQueryData(trpc.video.activeDownloads.queryKey());
        queryClient.setQueryData(trpc.video.activeDownloads.queryKey(), rows);
        if (runningSetChanged(before, rows)) {
          void queryClient.invalidateQueries(trpc.video.statistics.pathFilter());
          void queryClient.invalidateQueries(trpc.video.listPage.pathFilter());
        }
        setReceivedAt(Date.now());
      },
      onError: probeSession,
    }),
  );

  return { ...query, receivedAt };
}
