import { expect, test } from "bun:test";
import type { BadgeTone } from "@/components/ui/badge";
import { subscriptionTone } from "./subscriptions";

test.each<[string, BadgeTone]>([
  ["enabled", "success"],
  ["webhook_callback_verification_pending", "neutral"],
  ["webhook_callback_verification_failed", "warning"],
  ["notification_failures_exceeded", "warning"],
  ["authorization_revoked", "warning"],
  ["user_removed", "warning"],
])("%s → %s", (status, tone) => {
  expect(subscriptionTone(status)).toBe(tone);
});
