import type { LinkProps } from "@tanstack/react-router";
import type { ParseKeys } from "i18next";
import type { ComponentType } from "react";
import {
  BoltIcon,
  CalendarIcon,
  ChartIcon,
  ClockIcon,
  DownloadIcon,
  GridIcon,
  HeartPulseIcon,
  HistoryIcon,
  HomeIcon,
  InboxIcon,
  KeyIcon,
  LogsIcon,
  PlayIcon,
  ShieldIcon,
  UserIcon,
  UsersIcon,
  VideoIcon,
  WebhookIcon,
} from "../icons";

export interface NavItem {
  to:
    | "/"
    | "/videos"
    | "/channels"
    | "/categories"
    | "/statistics"
    | "/schedules"
    | "/requests"
    | "/downloads"
    | "/history";
  labelKey:
    | "nav.home"
    | "nav.videos"
    | "nav.channels"
    | "nav.categories"
    | "nav.statistics"
    | "nav.schedules"
    | "nav.requests"
    | "nav.downloads"
    | "nav.history";
  icon: ComponentType<{ className?: string }>;
  /** Home is active only on itself; the others also on their sub-pages. */
  exact?: boolean;
}

export const NAV_ITEMS: NavItem[] = [
  { to: "/", labelKey: "nav.home", icon: HomeIcon, exact: true },
  { to: "/videos", labelKey: "nav.videos", icon: VideoIcon },
  { to: "/channels", labelKey: "nav.channels", icon: UsersIcon },
  { to: "/categories", labelKey: "nav.categories", icon: GridIcon },
  { to: "/statistics", labelKey: "nav.statistics", icon: ChartIcon },
  { to: "/schedules", labelKey: "nav.schedules", icon: CalendarIcon },
  { to: "/requests", labelKey: "nav.requests", icon: InboxIcon },
  { to: "/downloads", labelKey: "nav.downloads", icon: DownloadIcon },
  { to: "/history", labelKey: "nav.history", icon: HistoryIcon },
];

/** An owner-only page, listed under the "System" heading (any route, any translation key). */
export interface SystemNavItem {
  to: NonNullable<LinkProps["to"]>;
  labelKey: ParseKeys;
  icon: ComponentType<{ className?: string }>;
}

/** The owner's System pages; the heading shows only for the owner. */
export const SYSTEM_NAV_ITEMS: SystemNavItem[] = [
  { to: "/system/health", labelKey: "system.nav.health", icon: HeartPulseIcon },
  { to: "/system/eventsub", labelKey: "system.nav.eventsub", icon: BoltIcon },
  { to: "/system/webhook", labelKey: "system.nav.webhook", icon: WebhookIcon },
  { to: "/system/tasks", labelKey: "system.nav.tasks", icon: ClockIcon },
  { to: "/system/logs", labelKey: "system.nav.logs", icon: LogsIcon },
  { to: "/system/users", labelKey: "users.title", icon: UserIcon },
  { to: "/system/whitelist", labelKey: "whitelist.title", icon: ShieldIcon },
  { to: "/system/playback", labelKey: "playback.title", icon: PlayIcon },
  { to: "/system/service-account", labelKey: "serviceAccount.title", icon: KeyIcon },
];
