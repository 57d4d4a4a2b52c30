import { queryOptions } from "@tanstack/react-query";
import { type RouterOutputs, trpcClient } from "@/lib/trpc";

// The signed-in user comes from `auth.session` (public: null when signed out). Every other module reads it
// through `sessionQueryOptions` / `useSession`, so how it is fetched stays in this file.

export const ROLES = ["viewer", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export type Session = NonNullable<RouterOutputs["auth"]["session"]>;

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** A session the dashboard can work with; one with a role it does not know counts as signed out. */
export function usableSession(session: Session | null | undefined): Session | null {
  if (!session) return null;
  return (ROLES as readonly string[]).includes(session.role) ? session : null;
}

export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  return usableSession(await trpcClient.auth.session.query(undefined, { signal }));
}

export const sessionQueryOptions = queryOptions({
  queryKey: ["auth", "session"],
  queryFn: ({ signal }) => fetchSession(signal),
  // Cached for the page's life; a 401 anywhere clears it (see lib/query-client.ts).
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
});

/** Ends the server session; the caller clears local state whether or not this succeeds. */
export async function logout(): Promise<void> {
  await trpcClient.auth.logout.mutate().catch(() => undefined);
}
