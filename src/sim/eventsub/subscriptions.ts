import type { SimClock } from "../clock.ts";
import { HelixError } from "../helix/errors.ts";
import type { Random } from "../random.ts";
import { rfc3339Nano } from "./signature.ts";
import type { SubscriptionRequest, SubscriptionType } from "./subscription-request.ts";

export type SubscriptionStatus =
  | "enabled"
  | "webhook_callback_verification_pending"
  | "webhook_callback_verification_failed"
  | "notification_failures_exceeded"
  | "authorization_revoked"
  | "moderator_removed"
  | "user_removed"
  | "version_removed";

/** The statuses a revocation message can announce. */
export const REVOCATION_STATUSES = [
  "authorization_revoked",
  "moderator_removed",
  "user_removed",
  "version_removed",
  "notification_failures_exceeded",
] as const satisfies readonly SubscriptionStatus[];

export interface Subscription {
  id: string;
  /** The app that created it; each app sees only its own. */
  client_id: string;
  status: SubscriptionStatus;
  type: SubscriptionType;
  version: string;
  condition: { broadcaster_user_id: string };
  transport: { method: "webhook"; callback: string; secret: string };
  /** RFC 3339 (simulated time). */
  created_at: string;
  cost: number;
}

/** Twitch's default budget for webhook subscriptions. */
export const MAX_TOTAL_COST = 10_000;

/** The subscription as Helix and EventSub bodies show it: everything but the secret and the owner. */
export function subscriptionJson(sub: Subscription) {
  return {
    id: sub.id,
    status: sub.status,
    type: sub.type,
    version: sub.version,
    condition: { ...sub.condition },
    created_at: sub.created_at,
    transport: { method: sub.transport.method, callback: sub.transport.callback },
    cost: sub.cost,
  };
}

/** A subscription that still counts (and still blocks a duplicate): pending or enabled. */
function isActive(sub: Subscription): boolean {
  return sub.status === "enabled" || sub.status === "webhook_callback_verification_pending";
}

export interface SubscriptionFilter {
  status?: string | undefined;
  type?: string | undefined;
  user_id?: string | undefined;
  subscription_id?: string | undefined;
}

/** The EventSub subscriptions of every app, in creation order. */
export class SubscriptionStore {
  private readonly subs = new Map<string, Subscription>();

  constructor(
    private readonly clock: SimClock,
    private readonly random: Random,
  ) {}

  /** Adds a pending subscription; 409 for a duplicate, 429 when the app's cost budget is spent. */
  create(clientId: string, request: SubscriptionRequest & { type: SubscriptionType }): Subscription {
    const duplicate = this.ofClient(clientId).some(
      (sub) =>
        isActive(sub) &&
        sub.type === request.type &&
        sub.condition.broadcaster_user_id === request.condition.broadcaster_user_id &&
        sub.transport.callback === request.transport.callback,
    );
    if (duplicate) throw new HelixError(409, "subscription already exists");
    // Cost 1: the simulator does not model broadcasters authorising the app (which makes it 0 on Twitch).
    const cost = 1;
    if (this.totals(clientId).total_cost + cost > MAX_TOTAL_COST) {
      throw new HelixError(429, "total cost exceeds max_total_cost");
    }
    const sub: Subscription = {
      id: this.random.uuid(),
      client_id: clientId,
      status: "webhook_callback_verification_pending",
      type: request.type,
      version: request.version,
      condition: { broadcaster_user_id: request.condition.broadcaster_user_id },
      transport: { ...request.transport },
      created_at: rfc3339Nano(this.clock.now(), this.random.int(0, 999_999)),
      cost,
    };
    this.subs.set(sub.id, sub);
    return sub;
  }

  get(id: string): Subscription | undefined {
    return this.subs.get(id);
  }

  all(): Subscription[] {
    return [...this.subs.values()];
  }

  list(clientId: string, filter: SubscriptionFilter): Subscription[] {
    return this.ofClient(clientId).filter(
      (sub) =>
        (filter.status === undefined || sub.status === filter.status) &&
        (filter.type === undefined || sub.type === filter.type) &&
        (filter.user_id === undefined || sub.condition.broadcaster_user_id === filter.user_id) &&
        (filter.subscription_id === undefined || sub.id === filter.subscription_id),
    );
  }

  /** Removes an app's subscription; false when that app has none with this id. */
  delete(clientId: string, id: string): boolean {
    const sub = this.subs.get(id);
    if (!sub || sub.client_id !== clientId) return false;
    return this.subs.delete(id);
  }

  setStatus(id: string, status: SubscriptionStatus): Subscription | undefined {
    const sub = this.subs.get(id);
    if (sub) sub.status = status;
    return sub;
  }

  /** Enabled subscriptions that want this event. */
  listeners(type: SubscriptionType, broadcasterId: string): Subscription[] {
    return this.all().filter(
      (sub) =>
        sub.status === "enabled" && sub.type === type && sub.condition.broadcaster_user_id === broadcasterId,
    );
  }

  /** Helix's counters: every subscription of the app, and the cost of those still active. */
  totals(clientId: string): { total: number; total_cost: number; max_total_cost: number } {
    const mine = this.ofClient(clientId);
    return {
      total: mine.length,
      total_cost: mine.filter(isActive).reduce((sum, sub) => sum + sub.cost, 0),
      max_total_cost: MAX_TOTAL_COST,
    };
  }

  private ofClient(clientId: string): Subscription[] {
    return this.all().filter((sub) => sub.client_id === clientId);
  }
}
