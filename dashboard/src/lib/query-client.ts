import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";

/** True for a tRPC or HTTP error that means "not signed in" (the session ended or was revoked). */
export function isUnauthorized(error: unknown): boolean {
  if (error instanceof TRPCClientError) {
    const data = error.data as { httpStatus?: number; code?: string } | undefined;
    return data?.httpStatus === 401 || data?.code === "UNAUTHORIZED";
  }
  return false;
}

/**
 * The app's query client. Any 401 calls `onUnauthorized` (once until the next sign-in), which sends the user
 * to the sign-in page instead of leaving every card in an error state.
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  let redirected = false;
  const handle = (error: unknown) => {
    if (!isUnauthorized(error) || redirected) return;
    redirected = true;
    onUnauthorized();
    // Allow the next session to redirect again.
    setTimeout(() => {
      redirected = false;
    }, 1000);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handle }),
    mutationCache: new MutationCache({ onError: handle }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !isUnauthorized(error) && failures < 2,
      },
    },
  });
}
