import { type RefObject, useEffect, useRef } from "react";
import { shortcutAction } from "./shortcuts";

/**
 * The player's keyboard shortcuts anywhere on the page (not while typing, or in a menu or dialog): play or
 * pause, seeks by and to a fraction of `total` through `seekTo`, mute, full screen.
 */
export function usePlayerShortcuts(
  video: RefObject<HTMLVideoElement | null>,
  { position, total, seekTo }: { position: number; total: number; seekTo: (seconds: number) => void },
) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, button, a, [role=menu], [role=dialog]")) return;
      const action = shortcutAction(event);
      const el = video.current;
      if (!action || !el) return;
      event.preventDefault();
      if (action.type === "toggle-play") void (el.paused ? el.play() : el.pause());
      else if (action.type === "seek-by") seekTo(position + action.seconds);
      else if (action.type === "seek-to-fraction") seekTo(total * action.fraction);
      else if (action.type === "toggle-mute") el.muted = !el.muted;
      else if (action.type === "toggle-fullscreen")
        toggleFullscreen(el.closest<HTMLElement>("[data-player]"));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [video, seekTo, position, total]);
}

/** Full screen for the player's box (video, timeline and buttons), or back. */
export function toggleFullscreen(frame: HTMLElement | null): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  else void frame?.requestFullscreen().catch(() => {});
}

/** Seeks when a new request object comes (a click in a history list); `seekTo` changing does not replay it. */
export function useSeekRequest(
  seekRequest: { seconds: number } | null | undefined,
  seekTo: (s: number) => void,
) {
  const latest = useRef(seekTo);
  latest.current = seekTo;
  useEffect(() => {
    if (seekRequest) latest.current(seekRequest.seconds);
  }, [seekRequest]);
}
