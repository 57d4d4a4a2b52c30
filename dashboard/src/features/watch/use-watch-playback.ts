import { useCallback, useEffect, useMemo, useState } from "react";
import type { RouterOutputs } from "@/lib/trpc";
import { liveStart, liveTimeline, playerMode } from "./live";
import { buildTimeline, playbackSource, startPosition } from "./playback";

type VideoDetail = RouterOutputs["video"]["getById"];

/**
 * What the watch page plays (the playlist, or the files), the timeline's length, and where the visit starts.
 * `setLiveTotal` takes how much of a growing recording the live player can play.
 */
export function useWatchPlayback(video: VideoDetail, deepLink: number | undefined) {
  // A visit that started on the playlist stays there when the recording ends (see live.ts).
  const [mode, setMode] = useState(() => playerMode(video));
  useEffect(() => setMode((previous) => playerMode(video, previous)), [video]);
  const [liveTotal, setLiveTotal] = useState(0);
  // The single file would not play (evicted meanwhile, say): the parts for the rest of the visit.
  const [artifactFailed, setArtifactFailed] = useState(false);
  const { parts: allParts, playback_artifact: artifact } = video;
  const { parts, fromArtifact } = useMemo(
    () => playbackSource(allParts, artifactFailed ? null : artifact),
    [allParts, artifact, artifactFailed],
  );
  const total = mode === "hls" ? liveTimeline(allParts, liveTotal).total : buildTimeline(parts).total;
  // Computed once per visit: later progress reports must not move the start point. Both, since a visit that
  // found nothing to play yet may get the playlist a moment later.
  const [start] = useState(() => {
    const asked = {
      deepLink,
      saved: video.user_state?.last_position_seconds,
      completed: video.user_state?.completed_at != null,
    };
    return { live: liveStart(asked), file: startPosition({ ...asked, total }) };
  });
  const onArtifactError = useCallback(() => setArtifactFailed(true), []);
  return { mode, parts, fromArtifact, total, start, setLiveTotal, onArtifactError };
}

export type WatchPlayback = ReturnType<typeof useWatchPlayback>;
