import { expect, test } from "bun:test";
import { type PartCause, partWhy } from "./journal.ts";

// Why a part opened or closed, in the event log's English; the code and its values are what the dashboard
// words in the reader's language (dashboard/src/features/logs/event-message.ts).

test.each<[PartCause, "opened" | "closed", string]>([
  [{ cause: "started" }, "opened", "the recording started"],
  [{ cause: "new_session" }, "opened", "a new playback session began"],
  [{ cause: "came_back" }, "opened", "the broadcast came back within the rejoin window"],
  [
    { cause: "rendition_changed", from: "720p60", to: "1080p60" },
    "opened",
    "the rendition changed from 720p60 to 1080p60",
  ],
  [
    { cause: "rendition_changed", from: "720p60", to: "1080p60" },
    "closed",
    "the rendition changed to 1080p60",
  ],
  [{ cause: "split" }, "opened", "the previous part reached its size or length limit"],
  [{ cause: "split" }, "closed", "it reached its size or length limit"],
  [{ cause: "ended" }, "closed", "the broadcast ended"],
  [{ cause: "stalled", stall_seconds: 120 }, "closed", "no progress for 120 s"],
  [{ cause: "went_away" }, "closed", "the stream went away (offline, or no new segments)"],
  [{ cause: "cancelled" }, "closed", "the recording was cancelled"],
  [{ cause: "failed", error: "EIO: i/o error" }, "closed", "the recording failed: EIO: i/o error"],
])("%o, %s: %s", (cause, kind, words) => {
  expect(partWhy(kind, cause)).toBe(words);
});
