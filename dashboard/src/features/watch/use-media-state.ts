import { type RefObject, useEffect, useState } from "react";

export interface MediaState {
  paused: boolean;
  muted: boolean;
  volume: number;
  rate: number;
}

const read = (el: HTMLVideoElement | null): MediaState => ({
  paused: el?.paused ?? true,
  muted: el?.muted ?? false,
  volume: el?.volume ?? 1,
  rate: el?.playbackRate ?? 1,
});

/** The <video>'s play, volume and speed state, following its events (the player's own buttons show it). */
export function useMediaState(video: RefObject<HTMLVideoElement | null>): MediaState {
  const [state, setState] = useState<MediaState>(() => read(video.current));
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const sync = () => setState(read(el));
    const events = ["play", "pause", "ended", "volumechange", "ratechange", "loadedmetadata"] as const;
    for (const name of events) el.addEventListener(name, sync);
    sync();
    return () => {
      for (const name of events) el.removeEventListener(name, sync);
    };
  }, [video]);
  return state;
}
