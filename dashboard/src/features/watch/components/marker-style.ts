import type { TimelineMarker } from "../markers";

// Changes are dots above the track; skips are ticks below it (shape as well as colour tells them apart).
// The lists beside the player reuse the colours as a legend.
export const MARKER_COLOR: Record<TimelineMarker["kind"], string> = {
  title: "bg-brand-400",
  category: "bg-warning",
  ad: "bg-sky-500",
  gap: "bg-danger",
};

/** Where on the bar a marker's hover target sits: changes in the top band, skips in the bottom one. */
export const MARKER_BAND: Record<TimelineMarker["kind"], string> = {
  title: "top-0 items-start",
  category: "top-0 items-start",
  ad: "bottom-0 items-end",
  gap: "bottom-0 items-end",
};

export const MARKER_SHAPE: Record<TimelineMarker["kind"], string> = {
  title: "size-1.5 rounded-full",
  category: "size-1.5 rounded-full",
  ad: "h-2.5 w-1 rounded-sm",
  gap: "h-2.5 w-1 rounded-sm",
};
