import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";

export const Route = createFileRoute("/_app/downloads")({
  component: DownloadsPage,
});

function DownloadsPage() {
  const { t } = useTranslation();
  return <PageHeader title={t("nav.downloads")} />;
}
