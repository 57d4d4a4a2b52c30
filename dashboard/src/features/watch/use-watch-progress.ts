import { useMutation } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { useTRPC } from "@/lib/trpc";
import { type LastReport, nextObservedAt, shouldReport } from "./progress-reporting";

/** Reports the viewer's position to the server, throttled (see progress-reporting.ts). */
export function useWatchProgress(videoId: number) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.video.updateWatchProgress.mutationOptions());
  const last = useRef<LastReport | null>(null);
  const observedAt = useRef(0);
  const { mutate } = mutation;

  return useCallback(
    (position: number, opts: { force?: boolean; completed?: boolean } = {}) => {
      const now = Date.now();
      if (!shouldReport(last.current, position, now, opts.force ?? false)) return;
      last.current = { position, at: now };
      observedAt.current = nextObservedAt(observedAt.current, now);
      mutate({
        video_id: videoId,
        position_seconds: Math.max(0, position),
        completed: opts.completed ?? false,
        observed_at_ms: observedAt.current,
      });
    },
    [mutate, videoId],
  );
}
