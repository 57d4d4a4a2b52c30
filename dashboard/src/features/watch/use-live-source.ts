import { type RefObject, useEffect, useRef, useState } from "react";
import { attachPlaylist, type LiveSource, RETRY_MS } from "./hls-source";

/**
 * Attaches the playlist to the <video> and keeps it attached: after a fatal error it tries again every
 * RETRY_MS, from where playback was. `failing` is true from a failure until playback runs again.
 */
export function useLiveSource(
  video: RefObject<HTMLVideoElement | null>,
  playlistUrl: string,
  start: number | "live",
) {
  const source = useRef<LiveSource | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [failing, setFailing] = useState(false);
  // The first attach starts where asked; a retry after a failure continues from where playback was.
  const resumeAt = useRef<number | "live">(start);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let attached: LiveSource | null = null;
    const cancelled = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const from = attempt === 0 ? resumeAt.current : el.currentTime > 0 ? el.currentTime : resumeAt.current;
    const onFatal = () => {
      setFailing(true);
      attached?.destroy();
      attached = null;
      source.current = null;
      retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
    };
    void attachPlaylist(el, playlistUrl, from, onFatal, cancelled.signal).then((s) => {
      if (cancelled.signal.aborted || retry) s.destroy();
      else {
        attached = s;
        source.current = s;
      }
    });
    return () => {
      cancelled.abort();
      clearTimeout(retry);
      attached?.destroy();
      source.current = null;
    };
  }, [video, playlistUrl, attempt]);
  return { source, failing, playing: () => setFailing(false) };
}
