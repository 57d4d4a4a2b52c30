import { createFileRoute, redirect } from "@tanstack/react-router";
import { SignInCard } from "@/features/auth/components/sign-in-card";
import { sessionQueryOptions } from "@/features/auth/session";
import { parseSignInSearch } from "@/features/auth/sign-in-errors";

export const Route = createFileRoute("/login")({
  validateSearch: parseSignInSearch,
  beforeLoad: async ({ context }) => {
    // Already signed in (a stale bookmark, the back button): go straight in.
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions).catch(() => null);
    if (session) throw redirect({ to: "/" });
  },
  component: LoginPage,
});

function LoginPage() {
  const { error } = Route.useSearch();
  return <SignInCard error={error} />;
}
