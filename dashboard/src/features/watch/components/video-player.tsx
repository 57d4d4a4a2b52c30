import { useRef, useState } from "react";
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
      <FilePlayer
        video={video}
        playback={playback}
        markers={markers}
        seekRequest={seekRequest}
        onTime={onTime}
      />
    );
  return null;
}

/**
 * A finished video's files: the single playback file when ready, else the parts in turn. When the source
 * changes during the visit (the file became ready, or it would not play), the player starts over on the
 * new one where the viewer was, still playing if it was.
 */
function FilePlayer({
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
  const source = playback.fromArtifact ? "file" : "parts";
  const [firstSource] = useState(source);
  const where = useRef({ seconds: playback.start.file, playing: false });
  const switched = useRef(false);
  if (source !== firstSource) switched.current = true;
  return (
    <WatchPlayer
      key={source}
      videoId={video.id}
      parts={playback.parts}
      sourceUrl={(partNumber) =>
        playback.fromArtifact ? playbackStreamUrl(video.id) : partStreamUrl(video.id, partNumber)
      }
      start={switched.current ? where.current.seconds : playback.start.file}
      autoPlay={switched.current && where.current.playing}
      markers={markers}
      audioOnly={video.is_audio_only}
      seekRequest={seekRequest}
      onTime={(seconds) => {
        where.current.seconds = seconds;
        onTime(seconds);
      }}
      onPlayingChange={(playing) => {
        where.current.playing = playing;
      }}
      onSourceError={playback.fromArtifact ? playback.onArtifactError : undefined}
    />
  );
}
