import { expect, test } from "bun:test";
import { isSidebarShortcut, SIDEBAR_STATES } from "@/components/layout/sidebar-preference";
import { WATCH_LAYOUTS } from "@/features/watch/layout-preference";
import { parseChoice } from "./stored-choice";

test.each([
  { stored: "collapsed", expected: "collapsed" },
  { stored: "expanded", expected: "expanded" },
  { stored: null, expected: "expanded" },
  { stored: "", expected: "expanded" },
  { stored: "true", expected: "expanded" },
  { stored: "Collapsed", expected: "expanded" },
  { stored: '"collapsed"', expected: "expanded" },
])("sidebar stored $stored reads as $expected", ({ stored, expected }) => {
  expect(parseChoice(stored, SIDEBAR_STATES, "expanded")).toBe(expected as "expanded");
});

test.each([
  { stored: "wide", expected: "wide" },
  { stored: "aside", expected: "aside" },
  { stored: null, expected: "aside" },
  { stored: "narrow", expected: "aside" },
])("watch layout stored $stored reads as $expected", ({ stored, expected }) => {
  expect(parseChoice(stored, WATCH_LAYOUTS, "aside")).toBe(expected as "aside");
});

const key = (key: string, mods: Partial<{ ctrl: boolean; meta: boolean; alt: boolean; shift: boolean }>) => ({
  key,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  altKey: mods.alt ?? false,
  shiftKey: mods.shift ?? false,
});

test.each([
  { event: key("b", { ctrl: true }), expected: true },
  { event: key("b", { meta: true }), expected: true },
  { event: key("B", { ctrl: true }), expected: true },
  { event: key("b", {}), expected: false },
  { event: key("b", { ctrl: true, shift: true }), expected: false },
  { event: key("b", { ctrl: true, alt: true }), expected: false },
  { event: key("k", { ctrl: true }), expected: false },
])("shortcut %#", ({ event, expected }) => {
  expect(isSidebarShortcut(event)).toBe(expected);
});
