import { seekableEnd } from "./live";

/** A video's HLS playlist attached to a <video>: through hls.js (MSE), or natively where there is no MSE. */
export interface LiveSource {
  /** Where "Go to live" seeks: a few seconds behind the newest media, where playback does not stall. */
  liveEdge(): number;
  destroy(): void;
}

/** Native players start a live HLS playlist about three target durations behind its end; so do we. */
const NATIVE_EDGE_MARGIN_SECONDS = 6;

/** Playlists are tried again after this long when the player gives up (e.g. nothing recorded yet). */
export const RETRY_MS = 3000;

/**
 * Plays `url` in `video` from `start` (seconds on the video's timeline, or the live edge). Where the browser
 * has Media Source Extensions, hls.js plays it (loaded only now: it is large, and only the watch page of a
 * recording in progress needs it); browsers without them but with HLS of their own (iPhones before iOS
 * 17.1) get the URL itself. Not the other way round: Chromium answers `canPlayType` for HLS too (its native
 * player), and in Chromium 156 that player starts a growing EVENT playlist at 0 s, with no seekable range,
 * and stalls where its first load ended. `onFatal` is told when playback cannot continue. Once `signal` is aborted
 * nothing is attached: a player attached while the previous one is being torn down (React re-running the
 * effect) would lose its media source to the old player's detach, and stall at 0 s.
 */
export async function attachPlaylist(
  video: HTMLVideoElement,
  url: string,
  start: number | "live",
  onFatal: (reason: string) => void,
  signal: AbortSignal,
): Promise<LiveSource> {
  const nothing: LiveSource = { liveEdge: () => seekableEnd(video.seekable), destroy: () => {} };
  const nativeHls = video.canPlayType("application/vnd.apple.mpegurl") !== "";
  const mse = "MediaSource" in window || "ManagedMediaSource" in window;
  if (nativeHls && !mse) return attachNative(video, url, start, onFatal);
  const { default: Hls } = await import("hls.js/light");
  if (signal.aborted) return nothing;
  if (!Hls.isSupported()) {
    if (nativeHls) return attachNative(video, url, start, onFatal);
    onFatal("this browser plays neither HLS nor Media Source Extensions");
    return nothing;
  }
  const hls = new Hls({
    startPosition: start === "live" ? -1 : start,
    // Keep what was watched for a quick seek back, not the whole evening in memory.
    backBufferLength: 90,
  });
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
    else onFatal(data.details);
  });
  // A live visit plays as soon as it can (the browser may refuse without a click: then the play button).
  hls.once(Hls.Events.MANIFEST_PARSED, () => void video.play().catch(() => {}));
  hls.loadSource(url);
  hls.attachMedia(video);
  return {
    liveEdge: () => hls.liveSyncPosition ?? seekableEnd(video.seekable),
    destroy: () => hls.destroy(),
  };
}

function attachNative(
  video: HTMLVideoElement,
  url: string,
  start: number | "live",
  onFatal: (reason: string) => void,
): LiveSource {
  const liveEdge = () => Math.max(0, seekableEnd(video.seekable) - NATIVE_EDGE_MARGIN_SECONDS);
  const onLoaded = () => {
    video.currentTime = start === "live" ? liveEdge() : start;
    void video.play().catch(() => {});
  };
  const onError = () => onFatal(video.error?.message || "the browser could not play the playlist");
  video.addEventListener("loadedmetadata", onLoaded, { once: true });
  video.addEventListener("error", onError);
  video.src = url;
  return {
    liveEdge,
    destroy: () => {
      video.removeEventListener("loadedmetadata", onLoaded);
      video.removeEventListener("error", onError);
      video.removeAttribute("src");
      video.load();
    },
  };
}
