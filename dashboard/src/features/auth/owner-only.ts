// Owner pages refuse everyone else with `notFound({ data: OWNER_ONLY })`; the not-found page reads it back to
// tell "owner only" apart from a mistyped address. Kept out of the component file so the route guard, which
// is in the initial bundle, pulls in no page code.

export const OWNER_ONLY = { reason: "owner-only" } as const;

export function isOwnerOnly(data: unknown): boolean {
  return (
    typeof data === "object" && data !== null && (data as { reason?: unknown }).reason === OWNER_ONLY.reason
  );
}
