import { useStoredChoice } from "@/lib/stored-choice";

/** localStorage key of the watch page's layout. */
export const WATCH_LAYOUT_STORAGE_KEY = "replayd:watch-layout";
/** "aside": the history lists in a right column on wide screens; "wide": everything below the player. */
export const WATCH_LAYOUTS = ["aside", "wide"] as const;
export type WatchLayout = (typeof WATCH_LAYOUTS)[number];

export function useWatchLayout() {
  return useStoredChoice<WatchLayout>(WATCH_LAYOUT_STORAGE_KEY, WATCH_LAYOUTS, "aside");
}
