import { expect, test } from "bun:test";
import type { BadgeTone } from "@/components/ui/badge";
import { httpStatusTone } from "./log-tones";

test.each<[number, BadgeTone]>([
  [200, "success"],
  [204, "success"],
  [299, "success"],
  [304, "warning"],
  [401, "warning"],
  [429, "warning"],
  [500, "danger"],
  [503, "danger"],
  [0, "danger"],
])("HTTP %d → %s", (status, tone) => {
  expect(httpStatusTone(status)).toBe(tone);
});
