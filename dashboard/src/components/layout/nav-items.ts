import type { ComponentType } from "react";
import { CalendarIcon, DownloadIcon, HomeIcon, UsersIcon, VideoIcon } from "../icons";

export interface NavItem {
  to: "/" | "/videos" | "/channels" | "/schedules" | "/downloads";
  labelKey: "nav.home" | "nav.videos" | "nav.channels" | "nav.schedules" | "nav.downloads";
  icon: ComponentType<{ className?: string }>;
  /** Home is active only on itself; the others also on their sub-pages. */
  exact?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: "/", labelKey: "nav.home", icon: HomeIcon, exact: true },
  { to: "/videos", labelKey: "nav.videos", icon: VideoIcon },
  { to: "/channels", labelKey: "nav.channels", icon: UsersIcon },
  { to: "/schedules", labelKey: "nav.schedules", icon: CalendarIcon },
  { to: "/downloads", labelKey: "nav.downloads", icon: DownloadIcon },
];
