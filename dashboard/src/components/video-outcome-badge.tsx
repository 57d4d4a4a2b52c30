import { useTranslation } from "react-i18next";
import { type OutcomeFields, type VideoOutcome, videoOutcome } from "@/lib/video-outcome";
import { Badge, type BadgeTone } from "./ui/badge";

const TONE: Record<VideoOutcome, BadgeTone> = {
  removed: "neutral",
  failed: "danger",
  cancelled: "warning",
  partial: "warning",
  recording: "live",
  pending: "neutral",
  done: "success",
};

/** How a recording turned out, as a coloured word. */
export function VideoOutcomeBadge({ video }: { video: OutcomeFields }) {
  const { t } = useTranslation();
  const outcome = videoOutcome(video);
  return <Badge tone={TONE[outcome]}>{t(`outcomes.${outcome}`)}</Badge>;
}
