import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

/** Adds to or removes from watch later, then refreshes the lists and counters that show it. */
export function useSetWatchLater() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.video.setWatchLater.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.video.listPage.pathFilter());
        void queryClient.invalidateQueries(trpc.video.byBroadcaster.pathFilter());
        void queryClient.invalidateQueries(trpc.video.getById.pathFilter());
        void queryClient.invalidateQueries(trpc.video.statistics.pathFilter());
      },
    }),
  );
}
