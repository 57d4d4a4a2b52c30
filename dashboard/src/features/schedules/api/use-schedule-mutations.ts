import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

/** Create, update, toggle, delete and pause-all, each refreshing the schedule lists afterwards. */
export function useScheduleMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.schedule.pathFilter());
  };
  return {
    create: useMutation(trpc.schedule.create.mutationOptions({ onSuccess: refresh })),
    update: useMutation(trpc.schedule.update.mutationOptions({ onSuccess: refresh })),
    toggle: useMutation(trpc.schedule.toggle.mutationOptions({ onSuccess: refresh })),
    remove: useMutation(trpc.schedule.delete.mutationOptions({ onSuccess: refresh })),
    setPaused: useMutation(trpc.schedule.setPaused.mutationOptions({ onSuccess: refresh })),
  };
}
