import { router } from "./trpc.ts";

/** The root tRPC router. Feature routers are mounted here as their issues land. */
export const appRouter = router({});

export type AppRouter = typeof appRouter;
