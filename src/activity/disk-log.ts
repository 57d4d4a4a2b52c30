import type { EventSink } from "../domain/ops.ts";
import { resumeBytes } from "../system/disk-space.ts";
import type { FreeSpaceWatch } from "../system/disk-space-monitor.ts";

const RANK = { ok: 0, low: 1, full: 2 } as const;

/**
 * Says in the event log when the data folder's disk runs low or full (`system.disk_low`, which notifies),
 * and when it is fine again. A sample that fails (`unknown`) says nothing here: the health page shows it.
 * Returns the unsubscribe.
 */
export function logDiskLevels(watch: Pick<FreeSpaceWatch, "subscribe">, sink: EventSink): () => void {
  let said: keyof typeof RANK = "ok";
  return watch.subscribe((sample) => {
    if (sample.level === "unknown" || sample.level === said) return;
    const worse = RANK[sample.level] > RANK[said];
    said = sample.level;
    // What the message names, for the dashboard to say it in the reader's language.
    const data = {
      free_bytes: sample.freeBytes,
      floor_bytes: sample.floorBytes,
      total_bytes: sample.totalBytes,
      resume_bytes: resumeBytes(sample.floorBytes),
      reason: sample.message,
    };
    void sink.write(
      sample.level === "ok"
        ? { domain: "system", event_type: "disk_ok", severity: "info", message: sample.message, data }
        : {
            domain: "system",
            event_type: worse ? "disk_low" : "disk_better",
            severity: sample.level === "full" ? "error" : "warn",
            message: sample.message,
            data: { ...data, level: sample.level },
          },
    );
  });
}
