import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { VideoIcon } from "@/components/icons";
import { videoThumbnailUrl } from "@/lib/media-urls";
import { useTRPC } from "@/lib/trpc";

/** Hover intent before fetching snapshots, and how long each frame shows. */
const HOVER_DELAY_MS = 700;
const FRAME_MS = 900;

/**
 * The thumbnail; while `hovered` for a moment, cycles through the recording's live snapshots.
 * Nothing is fetched until the user shows interest.
 */
export function SnapshotPreview({
  videoId,
  hasThumbnail,
  alt,
  hovered,
}: {
  videoId: number;
  /** Whether the recording has a thumbnail at all (no request for one that does not exist). */
  hasThumbnail: boolean;
  alt: string;
  /** The pointer is on the card's thumbnail link. */
  hovered: boolean;
}) {
  const trpc = useTRPC();
  const [armed, setArmed] = useState(false);
  const [frame, setFrame] = useState(0);
  // A picture not written yet (a recording that just started) shows the placeholder, not a broken image.
  const [broken, setBroken] = useState<string | null>(null);
  const snapshots = useQuery({
    ...trpc.video.snapshots.queryOptions({ video_id: videoId }),
    enabled: armed,
    staleTime: 5 * 60_000,
  });
  const frames = snapshots.data ?? [];

  useEffect(() => {
    if (!hovered) {
      setArmed(false);
      setFrame(0);
      return;
    }
    const timer = setTimeout(() => setArmed(true), HOVER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [hovered]);

  useEffect(() => {
    if (!armed || frames.length < 2) return;
    const timer = setInterval(() => setFrame((f) => (f + 1) % frames.length), FRAME_MS);
    return () => clearInterval(timer);
  }, [armed, frames.length]);

  const src =
    armed && frames.length > 0
      ? frames[frame % frames.length]?.url
      : hasThumbnail
        ? videoThumbnailUrl(videoId)
        : null;
  return (
    <div className="relative aspect-video overflow-hidden rounded-lg bg-surface-muted">
      {src && src !== broken ? (
        <img
          src={src}
          alt={alt}
          loading="lazy"
          className="size-full object-cover"
          onError={() => setBroken(src)}
        />
      ) : (
        <div className="flex size-full items-center justify-center text-fg-muted" role="img" aria-label={alt}>
          <VideoIcon className="size-8" strokeWidth={1.5} />
        </div>
      )}
    </div>
  );
}
