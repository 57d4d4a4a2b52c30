import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";

export const Route = createFileRoute("/_app/schedules")({
  component: SchedulesPage,
});

function SchedulesPage() {
  const { t } = useTranslation();
  return <PageHeader title={t("nav.schedules")} />;
}
