import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTRPC } from "@/lib/trpc";
import { listSignature, snapshotOutdated } from "./quota";
import { SUBSCRIPTIONS_PAGE } from "./subscriptions";

/** Where the card stands against the list: in step, taking a new snapshot, or older than the list. */
export type SnapshotFreshness = "current" | "refreshing" | "outdated";

/**
 * The latest quota snapshot, kept in step with the subscriptions list (the same query the table shows):
 * when the list shows subscriptions the snapshot does not count (a recording's channel.update came or
 * went, one was verified), a new snapshot is taken, once per change of the list. "Poll now" is the same
 * mutation.
 */
export function useQuotaSnapshot(usesEventSub: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const latest = useQuery(trpc.eventsub.latestSnapshot.queryOptions());
  const list = useQuery({
    ...trpc.eventsub.listSubscriptions.queryOptions(SUBSCRIPTIONS_PAGE),
    // Subscriptions come and go as recordings start and end.
    refetchInterval: 15_000,
  });
  const poll = useMutation(
    trpc.eventsub.snapshot.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.eventsub.pathFilter()),
    }),
  );
  const snapshot = latest.data?.snapshot ?? null;
  const outdated = latest.isSuccess && list.data !== undefined && snapshotOutdated(snapshot, list.data);
  const signature = list.data ? listSignature(list.data) : null;
  const refreshedFor = useRef<string | null>(null);
  const { mutate, isPending } = poll;

  useEffect(() => {
    if (!usesEventSub || !outdated || isPending || signature === null) return;
    // Once per state of the list: a count Twitch keeps different (another app's subscriptions) never loops.
    if (refreshedFor.current === signature) return;
    refreshedFor.current = signature;
    mutate();
  }, [usesEventSub, outdated, isPending, signature, mutate]);

  const freshness: SnapshotFreshness = isPending ? "refreshing" : outdated ? "outdated" : "current";
  return { latest, snapshot, poll, freshness };
}
