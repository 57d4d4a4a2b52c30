import type { QueryClient } from "@tanstack/react-query";
import type { TrpcOptionsProxy } from "@/lib/trpc";

/** Shared by every route's loader and component through `context` / `useRouteContext`. */
export interface RouterContext {
  queryClient: QueryClient;
  trpc: TrpcOptionsProxy;
}
