import { useQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { PageHeader } from "@/components/page-header";
import { QueryResult } from "@/components/query-result";
import { PlaybackCacheForm } from "@/features/playback/components/playback-cache-form";
import { useTRPC } from "@/lib/trpc";

export const Route = createFileRoute("/_app/system/playback")({
  loader: ({ context: { queryClient, trpc } }) => {
    void queryClient.prefetchQuery(trpc.system.playbackCacheConfig.queryOptions());
  },
  component: PlaybackPage,
});

function PlaybackPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const config = useQuery(trpc.system.playbackCacheConfig.queryOptions());

  return (
    <div data-testid="playback-page">
      <PageHeader title={t("playback.title")} description={t("playback.description")} />
      <QueryResult query={config}>{(data) => <PlaybackCacheForm config={data} />}</QueryResult>
    </div>
  );
}
