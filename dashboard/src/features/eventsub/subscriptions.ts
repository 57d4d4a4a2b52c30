// Our EventSub subscriptions as the owner reads them.
import type { BadgeTone } from "@/components/ui/badge";

/** Twitch's subscription status as a badge: enabled is good, pending waits, anything else needs a look. */
export function subscriptionTone(status: string): BadgeTone {
  if (status === "enabled") return "success";
  return status.includes("pending") ? "neutral" : "warning";
}

/** The page of subscriptions the table shows (and the quota card compares its snapshot with). */
export const SUBSCRIPTIONS_PAGE = { limit: 50, offset: 0 } as const;
