// How a recording turned out, in one word: what the history, the requests and the library tables show.

export type VideoOutcome = "removed" | "failed" | "cancelled" | "partial" | "recording" | "pending" | "done";

export interface OutcomeFields {
  status: "PENDING" | "RUNNING" | "DONE" | "FAILED";
  completion_kind: "complete" | "partial" | "cancelled";
  deleted_at: string | null;
}

/** Removed wins (the files are gone), then how it ended. */
export function videoOutcome(video: OutcomeFields): VideoOutcome {
  if (video.deleted_at !== null) return "removed";
  if (video.status === "FAILED") return "failed";
  if (video.status === "RUNNING") return "recording";
  if (video.status === "PENDING") return "pending";
  if (video.completion_kind === "cancelled") return "cancelled";
  if (video.completion_kind === "partial") return "partial";
  return "done";
}
