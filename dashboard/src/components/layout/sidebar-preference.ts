import { useStoredChoice } from "@/lib/stored-choice";

/** localStorage key of the sidebar's state on wide screens (phones use the drawer). */
export const SIDEBAR_STORAGE_KEY = "replayd:sidebar";
export const SIDEBAR_STATES = ["expanded", "collapsed"] as const;
export type SidebarState = (typeof SIDEBAR_STATES)[number];

/** Ctrl+B, or Cmd+B on a Mac: the shortcut that collapses or expands the sidebar. */
export function isSidebarShortcut(event: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}): boolean {
  return (
    (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "b"
  );
}

export function useSidebarState() {
  return useStoredChoice<SidebarState>(SIDEBAR_STORAGE_KEY, SIDEBAR_STATES, "expanded");
}
