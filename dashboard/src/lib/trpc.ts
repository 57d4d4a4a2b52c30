import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createTRPCContext, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
// Type-only: erased at build time, so no server code ends up in the browser bundle.
import type { AppRouter } from "../../../src/trpc/router.ts";

export type { AppRouter };
export type TrpcOptionsProxy = TRPCOptionsProxy<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

const TRPC_URL = "/trpc";

/**
 * The one tRPC client of the app. No transformer: the server speaks plain JSON.
 * Subscriptions go over Server-Sent Events (resumable with the last event id); everything else is batched.
 */
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (operation) => operation.type === "subscription",
      true: httpSubscriptionLink({ url: TRPC_URL }),
      false: httpBatchLink({ url: TRPC_URL }),
    }),
  ],
});

/** `useTRPC()` gives components the same options proxy the router's loaders get through context. */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
