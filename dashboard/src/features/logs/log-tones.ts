// How the log tables colour what they show.
import type { BadgeTone } from "@/components/ui/badge";
import type { LogSeverity } from "./log-query";

export const SEVERITY_TONES: Record<LogSeverity, BadgeTone> = {
  debug: "neutral",
  info: "brand",
  warn: "warning",
  error: "danger",
};

/** A Helix call's HTTP status: 2xx fine, 5xx or no answer (0) bad, anything else a warning. */
export function httpStatusTone(status: number): BadgeTone {
  if (status >= 200 && status < 300) return "success";
  return status >= 500 || status === 0 ? "danger" : "warning";
}
