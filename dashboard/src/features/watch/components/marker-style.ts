import type { TimelineMarker } from "../markers";

// Changes are dots above the track; skips are ticks below it (shape as well as colour tells them apart).
// The lists beside the player reuse the colours as a legend.
export const MARKER_COLOR: Record<TimelineMarker["kind"], string> = {
  title: "bg-brand-400",
  category: "bg-warning",
  ad: "bg-sky-500",
  gap: "bg-danger",
};

export const MARKER_SHAPE: Record<TimelineMarker["kind"], string> = {
  title: "top-0 size-1.5 rounded-full",
  category: "top-0 size-1.5 rounded-full",
  ad: "bottom-0 h-2.5 w-1 rounded-sm",
  gap: "bottom-0 h-2.5 w-1 rounded-sm",
};
