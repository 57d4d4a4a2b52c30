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

export interface TestResult {
  ok: boolean;
  /** The receiver's HTTP status; null when it did not answer. */
  status: number | null;
  error?: string;
}

/** A test send → the key of its message (`accepted`, `notAccepted`, `failed`) and the values it may show. */
export function testResultMessage(result: TestResult): {
  key: "accepted" | "notAccepted" | "failed";
  values: { status?: number; reason?: string };
} {
  if (result.ok) return { key: "accepted", values: { status: result.status ?? 0 } };
  const reason = result.error ?? "";
  if (result.status !== null) return { key: "notAccepted", values: { status: result.status, reason } };
  return { key: "failed", values: { reason } };
}
