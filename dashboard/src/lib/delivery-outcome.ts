// Outbox deliveries as the owner reads them (the recording webhook's and notifications' logs).

import type { BadgeTone } from "@/components/ui/badge";

export const DELIVERY_OUTCOMES = ["pending", "delivering", "delivered", "rejected", "failed"] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

const TONES: Record<DeliveryOutcome, BadgeTone> = {
  pending: "neutral",
  delivering: "brand",
  delivered: "success",
  rejected: "warning",
  failed: "danger",
};

export function outcomeTone(outcome: DeliveryOutcome): BadgeTone {
  return TONES[outcome];
}

/** The server requeues only deliveries that ended badly; pending or in-flight ones are already going. */
export function canRetry(outcome: DeliveryOutcome): boolean {
  return outcome === "rejected" || outcome === "failed";
}
