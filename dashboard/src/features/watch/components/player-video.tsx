import type { ComponentProps } from "react";
import { useTranslation } from "react-i18next";

/**
 * The <video> both players show, without native controls (their seek bar knew only the current part: the
 * player's own timeline and buttons replace them). A click plays or pauses; audio-only recordings are a strip.
 */
export function PlayerVideo({
  audioOnly,
  mode,
  ...props
}: ComponentProps<"video"> & { audioOnly: boolean; mode: "hls" | "parts" }) {
  const { t } = useTranslation();
  return (
    // No <track>: recordings of live streams have no captions. The click is a mouse convenience: the play
    // button and the Space/K shortcut do the same.
    <video
      playsInline
      aria-label={t("watch.player")}
      data-testid="player"
      data-mode={mode}
      className={audioOnly ? "h-20 w-full" : "aspect-video w-full"}
      onClick={(e) => {
        const v = e.currentTarget;
        void (v.paused ? v.play().catch(() => {}) : v.pause());
      }}
      {...props}
    />
  );
}
