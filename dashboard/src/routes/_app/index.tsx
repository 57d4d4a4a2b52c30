import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { healthQueryOptions } from "@/features/health/api/get-health";
import { HealthCard } from "@/features/health/components/health-card";

export const Route = createFileRoute("/_app/")({
  loader: ({ context }) => {
    // Fire and forget: the request overlaps loading the route's code, but a slow server must not hold
    // the page back, the card has its own loading and error states.
    void context.queryClient.prefetchQuery(healthQueryOptions);
  },
  component: HomePage,
});

function HomePage() {
  const { t } = useTranslation();

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-fg">{t("home.title")}</h1>
        <p className="mt-1 text-fg-muted">{t("home.description")}</p>
      </div>
      <HealthCard />
    </div>
  );
}
