import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";

export function useSetFavorite() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.channel.setFavorite.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.channel.listPage.pathFilter());
        void queryClient.invalidateQueries(trpc.channel.getById.pathFilter());
      },
    }),
  );
}
