import type { QueryClient } from "@tanstack/react-query";
import { createRouter } from "@tanstack/react-router";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { NotFound } from "@/components/not-found";
import { RouteError } from "@/components/route-error";
import { PageSpinner } from "@/components/ui/spinner";
import { type AppRouter, trpcClient } from "@/lib/trpc";
import { routeTree } from "@/routeTree.gen";

/** The router carries the query client and the tRPC options proxy so loaders can prefetch with them. */
export function createAppRouter(queryClient: QueryClient) {
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

  return createRouter({
    routeTree,
    context: { queryClient, trpc },
    defaultPreload: "intent",
    // TanStack Query owns caching; let loaders always call it and let it decide what is stale.
    defaultPreloadStaleTime: 0,
    defaultNotFoundComponent: NotFound,
    defaultErrorComponent: RouteError,
    defaultPendingComponent: PageSpinner,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
