import { useQuery } from "@tanstack/react-query";
import type { RunningSample } from "./recorded-time";
import { useTRPC } from "./trpc";

/**
 * The progress of a video's running recording, from the `video.activeDownloads` cache every page shares
 * (the downloads list's live feed writes into it); null while the video is not recording here.
 */
export function useRunningSample(
  videoId: number,
  recording: boolean,
): (RunningSample & { bytes: number }) | null {
  const trpc = useTRPC();
  const active = useQuery({
    ...trpc.video.activeDownloads.queryOptions(),
    enabled: recording,
    // Between live pushes (none on this page), often enough that the clock stays near the truth.
    refetchInterval: recording ? 10_000 : false,
  });
  const row = active.data?.find((r) => r.video_id === videoId);
  return recording && row
    ? { sample: row, receivedAt: active.dataUpdatedAt, bytes: row.bytes_written }
    : null;
}
