import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { RequireRole } from "@/features/auth/components/owner-only";
import { LogsView } from "@/features/logs/components/logs-view";
import { parseLogSearch } from "@/features/logs/log-query";

export const Route = createFileRoute("/_app/system/logs")({
  validateSearch: parseLogSearch,
  component: () => (
    <RequireRole>
      <LogsPage />
    </RequireRole>
  ),
});

/** System events (filtered or searched) or Twitch API calls, a page of 50 at a time; filters live in the URL. */
function LogsPage() {
  const { t } = useTranslation();
  const search = Route.useSearch();
  const navigate = Route.useNavigate();
  return (
    <>
      <PageHeader title={t("logs.title")} description={t("logs.description")} />
      <LogsView search={search} onSearch={(next) => void navigate({ search: next })} />
    </>
  );
}
