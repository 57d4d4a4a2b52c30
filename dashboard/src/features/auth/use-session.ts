import { useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import { logout, type Role, roleAtLeast, type Session, sessionQueryOptions } from "./session";

/** The signed-in user; only used under the session gate (`_app` route), where a session always exists. */
export function useSession(): Session {
  const { data } = useSuspenseQuery(sessionQueryOptions);
  if (!data) throw new Error("useSession is only valid under the signed-in layout");
  return data;
}

export function useHasRole(min: Role): boolean {
  return roleAtLeast(useSession().role, min);
}

/** Signs out, then forgets every cached answer (they belonged to that user) and goes to the sign-in page. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    await logout();
    queryClient.clear();
    queryClient.setQueryData(sessionQueryOptions.queryKey, null);
    await navigate({ to: "/login" });
  }, [queryClient, navigate]);
}
