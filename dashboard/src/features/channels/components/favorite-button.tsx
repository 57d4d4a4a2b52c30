import { useTranslation } from "react-i18next";
import { StarIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
import { useOptimisticToggle } from "@/lib/use-optimistic-toggle";
import { useSetFavorite } from "../api/use-set-favorite";

/** Star toggle, optimistic, rolled back if the server refuses. */
export function FavoriteButton({
  broadcasterId,
  name,
  initial,
  withLabel = false,
}: {
  broadcasterId: string;
  name: string;
  initial: boolean;
  withLabel?: boolean;
}) {
  const { t } = useTranslation();
  const mutation = useSetFavorite();
  const [on, toggle] = useOptimisticToggle(initial, (favorite, rollback) =>
    mutation.mutate({ broadcaster_id: broadcasterId, favorite }, { onError: rollback }),
  );
  const label = on ? t("channels.unfavorite", { name }) : t("channels.favorite", { name });
  return (
    <Button
      variant={withLabel ? "secondary" : "ghost"}
      size={withLabel ? "sm" : "icon"}
      aria-pressed={on}
      aria-label={label}
      title={label}
      onClick={toggle}
      className={on ? "text-warning" : "text-fg-muted"}
    >
      <StarIcon filled={on} />
      {withLabel && (on ? t("channels.favorited") : t("channels.addFavorite"))}
    </Button>
  );
}
