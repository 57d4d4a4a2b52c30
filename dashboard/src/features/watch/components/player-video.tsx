import type { ComponentProps } from "react";
import { useTranslation } from "react-i18next";

/** The <video> both players show: native controls, the player's name, and a strip for audio-only recordings. */
export function PlayerVideo({
  audioOnly,
  mode,
  ...props
}: ComponentProps<"video"> & { audioOnly: boolean; mode: "hls" | "parts" }) {
  const { t } = useTranslation();
  return (
    <div className="overflow-hidden rounded-xl bg-black">
      {/* No <track>: recordings of live streams have no captions. */}
      <video
        controls
        playsInline
        aria-label={t("watch.player")}
        data-testid="player"
        data-mode={mode}
        className={audioOnly ? "h-20 w-full" : "aspect-video w-full"}
        {...props}
      />
    </div>
  );
}
