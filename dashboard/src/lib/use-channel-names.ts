import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "./trpc";

/**
 * The display name of a watched channel by broadcaster id (from `channel.list`, shared by every page that
 * names channels it only has ids for); undefined for a channel not watched, or before the list arrives.
 */
export function useChannelNames(): (broadcasterId: string) => string | undefined {
  const trpc = useTRPC();
  const channels = useQuery(trpc.channel.list.queryOptions());
  const names = useMemo(
    () => new Map((channels.data ?? []).map((c) => [c.broadcaster_id, c.broadcaster_name])),
    [channels.data],
  );
  return (broadcasterId) => names.get(broadcasterId);
}
