import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";

export const Route = createFileRoute("/_app/videos")({
  component: VideosPage,
});

function VideosPage() {
  const { t } = useTranslation();
  return <PageHeader title={t("nav.videos")} />;
}
