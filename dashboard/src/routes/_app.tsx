import { createFileRoute, Outlet, redirect } from "@tanstack/react-router";
import { AppShell } from "@/components/layout/app-shell";
import { sessionQueryOptions } from "@/features/auth/session";
import { useHasRole } from "@/features/auth/use-session";
import { HealthBanner } from "@/features/health/components/health-banner";
import { LiveSetProvider } from "@/features/live/live-set-provider";
import { GlobalSearch } from "@/features/search/components/global-search";
import { loadAccountSettings } from "@/features/settings/api/account-settings";

/** The session gate: every page under it needs a signed-in user. */
export const Route = createFileRoute("/_app")({
  beforeLoad: async ({ context }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions);
    if (!session) throw redirect({ to: "/login" });
    // The account's language, time zone and date format, on whichever browser the user signed in.
    await loadAccountSettings(context.queryClient, context.trpc);
    return { session };
  },
  component: AppLayout,
});

function AppLayout() {
  // The owner is told on every page when health is degraded (or the disk is almost full).
  const isOwner = useHasRole("owner");
  return (
    <LiveSetProvider>
      <AppShell search={<GlobalSearch />}>
        {isOwner && <HealthBanner />}
        <Outlet />
      </AppShell>
    </LiveSetProvider>
  );
}
