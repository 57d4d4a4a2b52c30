import { createFileRoute, redirect } from "@tanstack/react-router";

/** The server lands here after signing in (src/http/routes/auth.routes.ts); home is `/`. */
export const Route = createFileRoute("/dashboard")({
  beforeLoad: () => {
    throw redirect({ to: "/", replace: true });
  },
});
