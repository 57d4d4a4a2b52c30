import { useQuery } from "@tanstack/react-query";
import { type Health, healthQueryOptions } from "./get-health";

/** What the health card shows: the raw server status, or `unreachable` when there is no usable answer. */
export type HealthView =
  | { state: "checking" }
  | { state: "unreachable"; checkedAt: number }
  | { state: Health["status"]; health: Health; checkedAt: number };

export function useHealth() {
  const query = useQuery(healthQueryOptions);

  let view: HealthView;
  // A failed refetch keeps the last good data around; the latest failure is what matters for a status card.
  if (query.isError) view = { state: "unreachable", checkedAt: query.errorUpdatedAt };
  else if (query.isSuccess)
    view = { state: query.data.status, health: query.data, checkedAt: query.dataUpdatedAt };
  else view = { state: "checking" };

  return { view, isFetching: query.isFetching, refetch: query.refetch };
}
