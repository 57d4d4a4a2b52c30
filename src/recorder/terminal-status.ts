import type { FinishRecording } from "../domain/recording.ts";
import type { RecordingOutcome } from "./recording.ts";

/**
 * The final status a recording's outcome gives its video (pure). A finished recording is DONE, partial
 * when Twitch's window rolled past something; a cancelled one keeps what it recorded (DONE, marked
 * cancelled); a failed one is FAILED with its reason, partial when it had stored a part.
 */
export function terminalStatus(
  jobId: string,
  outcome: Exclude<RecordingOutcome, { kind: "interrupted" }>,
): Omit<FinishRecording, "webhook"> {
  const { state } = outcome;
  if (outcome.kind === "finished") {
    return {
      job_id: jobId,
      thumbnail: null,
      status: "DONE",
      completion_kind: state.window_rolled ? "partial" : "complete",
      truncated: state.window_rolled || !state.end_seen,
    };
  }
  if (outcome.kind === "cancelled") {
    return {
      job_id: jobId,
      thumbnail: null,
      status: "DONE",
      completion_kind: "cancelled",
      truncated: true,
      error: null,
    };
  }
  return {
    job_id: jobId,
    thumbnail: null,
    status: "FAILED",
    completion_kind: state.parts.some((p) => p.finished) ? "partial" : "complete",
    truncated: true,
    error: outcome.error,
  };
}
