import type { LinkProps } from "@tanstack/react-router";
import type { ParseKeys } from "i18next";
import type { ComponentType } from "react";
import {
  BellIcon,
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
  /** What the page is for, in a line (System's overview lists it). */
  descriptionKey: ParseKeys;
  icon: ComponentType<{ className?: string }>;
  /** The overview is active only on itself, not on the pages under it. */
  exact?: boolean;
}

/** The owner's System pages; the heading shows only for the owner. */
export const SYSTEM_NAV_ITEMS: SystemNavItem[] = [
  {
    to: "/system",
    labelKey: "system.nav.overview",
    descriptionKey: "system.overview.description",
    icon: GridIcon,
    exact: true,
  },
  {
    to: "/system/health",
    labelKey: "system.nav.health",
    descriptionKey: "health.system.description",
    icon: HeartPulseIcon,
  },
  {
    to: "/system/eventsub",
    labelKey: "system.nav.eventsub",
    descriptionKey: "eventsub.description",
    icon: BoltIcon,
  },
  {
    to: "/system/webhook",
    labelKey: "system.nav.webhook",
    descriptionKey: "webhook.description",
    icon: WebhookIcon,
  },
  {
    to: "/system/notifications",
    labelKey: "notifications.nav",
    descriptionKey: "notifications.description",
    icon: BellIcon,
  },
  { to: "/system/tasks", labelKey: "system.nav.tasks", descriptionKey: "tasks.description", icon: ClockIcon },
  { to: "/system/logs", labelKey: "system.nav.logs", descriptionKey: "logs.description", icon: LogsIcon },
  { to: "/system/users", labelKey: "users.title", descriptionKey: "users.description", icon: UserIcon },
  {
    to: "/system/whitelist",
    labelKey: "whitelist.title",
    descriptionKey: "whitelist.description",
    icon: ShieldIcon,
  },
  {
    to: "/system/playback",
    labelKey: "playback.title",
    descriptionKey: "playback.description",
    icon: PlayIcon,
  },
  {
    to: "/system/service-account",
    labelKey: "serviceAccount.title",
    descriptionKey: "serviceAccount.description",
    icon: KeyIcon,
  },
];
