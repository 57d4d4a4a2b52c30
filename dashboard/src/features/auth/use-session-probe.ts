import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useCallback } from "react";
import { fetchSession, sessionQueryOptions } from "./session";

const COOLDOWN_MS = 10_000;
let lastProbe = 0;
let inFlight: Promise<unknown> | null = null;

/**
 * For subscription errors: EventSource hides the HTTP status, so ask the server whether the session still
 * exists (at most every 10 s, one probe shared by every caller) and go to sign-in if it does not. Any other
 * failure is left to the stream's own reconnection.
 */
export function useSessionProbe(): () => void {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(() => {
    const now = Date.now();
    if (inFlight || now - lastProbe < COOLDOWN_MS) return;
    lastProbe = now;
    inFlight = fetchSession()
      .then((session) => {
        if (session) return;
        queryClient.setQueryData(sessionQueryOptions.queryKey, null);
        return navigate({ to: "/login" });
      })
      .catch(() => undefined)
      .finally(() => {
        inFlight = null;
      });
  }, [queryClient, navigate]);
}
