import { useQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { QueryResult } from "@/components/query-result";
import { LanguageCard } from "@/features/settings/components/language-card";
import { DateTimeSettingsCard } from "@/features/settings/components/settings-form";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/settings")({
  loader: ({ context: { queryClient, trpc } }) => {
    void queryClient.prefetchQuery(trpc.settings.get.queryOptions());
  },
  component: SettingsPage,
});

function SettingsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());

  return (
    <div data-testid="settings-page">
      <PageHeader title={t("settings.title")} description={t("settings.description")} />
      <div className="grid max-w-2xl gap-4">
        <LanguageCard />
        <QueryResult query={settings}>{(data) => <DateTimeSettingsCard settings={data} />}</QueryResult>
      </div>
    </div>
  );
}
