import { runningRecordingOf } from "../progress";
import { useActiveDownloads } from "./use-active-downloads";

/** The recording running for `broadcasterId` now (kept current by the live downloads feed), or null. */
export function useChannelRecording(broadcasterId: string) {
  return runningRecordingOf(useActiveDownloads().data, broadcasterId);
}
