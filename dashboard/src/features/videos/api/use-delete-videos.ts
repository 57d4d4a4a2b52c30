import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

/**
 * Deleting one recording (`video.delete`) or a selection (`video.deleteMany`); either way every video list,
 * counter and category total is asked again (the server removes the files within a second or two).
 */
export function useDeleteVideos() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries(trpc.video.pathFilter());
    void queryClient.invalidateQueries(trpc.category.pathFilter());
  };
  return {
    one: useMutation(trpc.video.delete.mutationOptions({ onSuccess: refresh })),
    many: useMutation(trpc.video.deleteMany.mutationOptions({ onSuccess: refresh })),
  };
}
