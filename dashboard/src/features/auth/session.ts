import { queryOptions } from "@tanstack/react-query";

// The auth router is being built on the server in parallel; until it lands, the session is read with a plain
// fetch and a local type. Swapping to `trpc.auth.session` later touches only this file.

export const ROLES = ["viewer", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  user_id: string;
  login: string;
  display_name: string;
  profile_image_url: string | null;
  role: Role;
}

const SESSION_URL = "/trpc/auth.session";
const LOGOUT_URL = "/trpc/auth.logout";

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

function isSession(value: unknown): value is Session {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.user_id === "string" &&
    typeof v.login === "string" &&
    typeof v.display_name === "string" &&
    (v.profile_image_url === null ||
      v.profile_image_url === undefined ||
      typeof v.profile_image_url === "string") &&
    (ROLES as readonly unknown[]).includes(v.role)
  );
}

/**
 * Reads a tRPC `auth.session` answer. Signed out (401, or `null` data) and an unusable role both mean no
 * session; anything else unexpected is an error, so a server outage is not mistaken for being signed out.
 */
export function parseSessionResponse(status: number, body: unknown): Session | null {
  // 404: a server without the auth router yet; there is no way to be signed in, so show the sign-in page.
  if (status === 401 || status === 403 || status === 404) return null;
  if (status !== 200) throw new Error(`could not read the session: HTTP ${status}`);
  const data = (body as { result?: { data?: unknown } } | null)?.result?.data;
  if (data === null || data === undefined) return null;
  if (!isSession(data)) return null;
  return { ...data, profile_image_url: data.profile_image_url ?? null };
}

export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  const response = await fetch(SESSION_URL, { signal, headers: { accept: "application/json" } });
  const body: unknown = await response.json().catch(() => null);
  return parseSessionResponse(response.status, body);
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
  await fetch(LOGOUT_URL, { method: "POST", headers: { "content-type": "application/json" } }).catch(
    () => undefined,
  );
}
