import { type ReactNode, type RefObject, useRef } from "react";
import { toggleFullscreen } from "../use-player-shortcuts";
import { PlayerControls } from "./player-controls";

/**
 * The player's box: the <video>, then the one timeline over the whole recording, then the buttons. Full
 * screen shows all three (the box, not the bare video, goes full screen).
 */
export function PlayerFrame({
  video,
  timeline,
  children,
}: {
  video: RefObject<HTMLVideoElement | null>;
  timeline: ReactNode;
  children: ReactNode;
}) {
  const frame = useRef<HTMLDivElement>(null);
  return (
    <div
      ref={frame}
      data-player
      className="flex flex-col overflow-hidden rounded-xl bg-black [&:fullscreen]:rounded-none [&:fullscreen_video]:aspect-auto [&:fullscreen_video]:min-h-0 [&:fullscreen_video]:flex-1"
    >
      {children}
      <div className="flex flex-col gap-1 px-2 pt-1 pb-1.5 text-white">
        {timeline}
        <PlayerControls video={video} onFullscreen={() => toggleFullscreen(frame.current)} />
      </div>
    </div>
  );
}
