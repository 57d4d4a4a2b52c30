import { formatClock } from "@/lib/format";
import { videoSeconds } from "@/lib/recorded-time";
import { useNow } from "@/lib/use-now";
import { useRunningSample } from "@/lib/use-running-sample";

/** The length on the thumbnail. */
export function Length({ seconds }: { seconds: number | null }) {
  if (seconds === null) return null;
  return (
    <span
      className="absolute right-2 bottom-2 rounded bg-black/75 px-1.5 py-0.5 font-mono text-xs text-white"
      data-testid="video-length"
    >
      {formatClock(seconds)}
    </span>
  );
}

/** A video still recording: as long as its recording so far, ticking (as the downloads list shows it). */
export function RunningLength({
  video,
}: {
  video: { id: number; status: string; duration_seconds: number | null };
}) {
  const running = useRunningSample(video.id, true);
  const now = useNow(1000);
  return <Length seconds={videoSeconds(video, running, now)} />;
}
