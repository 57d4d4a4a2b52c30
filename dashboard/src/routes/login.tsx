import { useQuery } from "@tanstack/react-query";
import { createFileRoute, redirect } from "@tanstack/react-router";
import { SignInCard } from "@/features/auth/components/sign-in-card";
import { sessionQueryOptions } from "@/features/auth/session";
import { parseSignInSearch } from "@/features/auth/sign-in-errors";
import { healthQueryOptions } from "@/features/health/api/get-health";

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
  // Public health says whether the server has a Twitch application; until it answers, the button shows.
  const health = useQuery(healthQueryOptions);
  return <SignInCard error={error} appMissing={health.data?.checks?.twitch?.ok === false} />;
}
