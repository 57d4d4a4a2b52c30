import type { RefObject } from "react";
import { useTranslation } from "react-i18next";
import { FullscreenIcon, PauseIcon, PlayFilledIcon, VolumeIcon } from "@/components/icons";
import { useMediaState } from "../use-media-state";

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
const controlButton =
  "inline-flex size-9 shrink-0 items-center justify-center rounded-md text-white hover:bg-white/15 " +
  "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-white";

/**
 * The player's buttons (the native controls are off: their seek bar only knew the current part): play or
 * pause, mute and volume, speed, full screen. The timeline above them is the only seek bar.
 */
export function PlayerControls({
  video,
  onFullscreen,
}: {
  video: RefObject<HTMLVideoElement | null>;
  onFullscreen: () => void;
}) {
  const { t } = useTranslation();
  const state = useMediaState(video);
  const el = () => video.current;
  const muted = state.muted || state.volume === 0;
  return (
    <div className="flex items-center gap-1">
      <button
        type="button"
        className={controlButton}
        aria-label={state.paused ? t("watch.controls.play") : t("watch.controls.pause")}
        onClick={() => {
          const v = el();
          if (v) void (v.paused ? v.play().catch(() => {}) : v.pause());
        }}
      >
        {state.paused ? <PlayFilledIcon className="size-5" /> : <PauseIcon className="size-5" />}
      </button>
      <button
        type="button"
        className={controlButton}
        aria-label={muted ? t("watch.controls.unmute") : t("watch.controls.mute")}
        onClick={() => {
          const v = el();
          if (v) v.muted = !v.muted;
        }}
      >
        <VolumeIcon muted={muted} className="size-5" />
      </button>
      <input
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={state.muted ? 0 : state.volume}
        aria-label={t("watch.controls.volume")}
        onChange={(e) => {
          const v = el();
          if (!v) return;
          v.volume = Number(e.target.value);
          v.muted = v.volume === 0;
        }}
        className="w-16 min-w-0 accent-white sm:w-24"
      />
      <select
        aria-label={t("watch.controls.speed")}
        value={state.rate}
        onChange={(e) => {
          const v = el();
          if (!v) return;
          // The default rate too, so the speed survives loading the next part.
          v.defaultPlaybackRate = Number(e.target.value);
          v.playbackRate = Number(e.target.value);
        }}
        className="ml-auto h-8 rounded-md bg-transparent px-1 text-sm text-white hover:bg-white/15 [&>option]:text-black"
      >
        {SPEEDS.map((speed) => (
          <option key={speed} value={speed}>
            {t("watch.controls.speedValue", { speed })}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={controlButton}
        aria-label={t("watch.controls.fullscreen")}
        onClick={onFullscreen}
      >
        <FullscreenIcon className="size-5" />
      </button>
    </div>
  );
}
