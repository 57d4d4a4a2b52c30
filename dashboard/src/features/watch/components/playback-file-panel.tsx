import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress";
import { useHasRole } from "@/features/auth/use-session";
import { type RouterOutputs, useTRPC } from "@/lib/trpc";
import { canOfferBuild, joinable, playbackFileState } from "../playback-file";

type VideoDetail = RouterOutputs["video"]["getById"];

/**
 * Under the player of a recording in several parts: whether it plays as one file, how far that file is
 * made, or why it cannot be; and for admins, "Build single file". The page polls while a file is made.
 */
export function PlaybackFilePanel({ video }: { video: VideoDetail }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const isAdmin = useHasRole("admin");
  const build = useMutation(
    trpc.video.buildPlayback.mutationOptions({
      // The answer is the cache's row: shown at once, then followed by the page's polling.
      onSuccess: (row) =>
        queryClient.setQueryData(trpc.video.getById.queryKey({ id: video.id }), (old) =>
          old ? { ...old, playback_artifact: row } : old,
        ),
    }),
  );
  if (!joinable(video)) return null;
  const state = playbackFileState(video);
  const offer = isAdmin && canOfferBuild(video);
  if (state.kind === "none" && !offer) return null;

  return (
    <section
      aria-label={t("watch.playbackFile.label")}
      data-testid="playback-file"
      data-state={state.kind}
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface px-4 py-3 text-sm"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-fg-muted">{describe(state, video.parts.length, t as unknown as PlainT)}</p>
        {offer && (
          <Button
            onClick={() => build.mutate({ id: video.id })}
            disabled={build.isPending}
            data-testid="build-playback"
          >
            {t("watch.playbackFile.build")}
          </Button>
        )}
      </div>
      {(state.kind === "building" || state.kind === "waiting") && (
        <ProgressBar
          value={state.kind === "building" ? state.percent : null}
          label={t("watch.playbackFile.progress")}
        />
      )}
      {build.error && (
        <p role="alert" className="text-danger">
          {t("watch.playbackFile.refused", { reason: build.error.message })}
        </p>
      )}
    </section>
  );
}

/** i18next's full key typing runs too deep for a `t` passed around with options: a plain one is. */
type PlainT = (key: string, options?: Record<string, unknown>) => string;

function describe(state: ReturnType<typeof playbackFileState>, parts: number, t: PlainT): string {
  switch (state.kind) {
    case "waiting":
      return t("watch.playbackFile.waiting", { parts });
    case "building":
      return t("watch.playbackFile.building", { parts, percent: state.percent });
    case "ready":
      return t("watch.playbackFile.ready", { parts });
    case "unavailable":
      return t("watch.playbackFile.unavailable", { reason: state.reason ?? t("common.unknown") });
    case "failed":
      return t("watch.playbackFile.failed", { reason: state.reason ?? t("common.unknown") });
    default:
      return t("watch.playbackFile.none", { parts });
  }
}
