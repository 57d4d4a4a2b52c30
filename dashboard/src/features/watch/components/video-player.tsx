import { partStreamUrl, playbackStreamUrl, videoPlaylistUrl } from "@/lib/media-urls";
import type { RouterOutputs } from "@/lib/trpc";
import { isRecording } from "../live";
import type { TimelineMarker } from "../markers";
import type { WatchPlayback } from "../use-watch-playback";
import { LivePlayer } from "./live-player";
import { WatchPlayer } from "./watch-player";

type VideoDetail = RouterOutputs["video"]["getById"];

/** The player the video gets (see `playerMode`): its HLS playlist, its files, or none. */
export function VideoPlayer({
  video,
  playback,
  markers,
  seekRequest,
  onTime,
}: {
  video: VideoDetail;
  playback: WatchPlayback;
  markers: TimelineMarker[];
  seekRequest: { seconds: number } | null;
  onTime: (seconds: number) => void;
}) {
  if (playback.mode === "hls")
    return (
      <LivePlayer
        videoId={video.id}
        playlistUrl={videoPlaylistUrl(video.id)}
        parts={video.parts}
        recording={isRecording(video.status)}
        start={playback.start.live}
        markers={markers}
        audioOnly={video.is_audio_only}
        seekRequest={seekRequest}
        onTotal={playback.setLiveTotal}
        onTime={onTime}
      />
    );
  if (playback.mode === "parts")
    return (
      <WatchPlayer
        videoId={video.id}
        parts={playback.parts}
        sourceUrl={(partNumber) =>
          playback.fromArtifact ? playbackStreamUrl(video.id) : partStreamUrl(video.id, partNumber)
        }
        start={playback.start.file}
        markers={markers}
        audioOnly={video.is_audio_only}
        seekRequest={seekRequest}
        onTime={onTime}
      />
    );
  return null;
}
