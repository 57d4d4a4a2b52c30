import { useState } from "react";
import { useTranslation } from "react-i18next";
import { StarIcon } from "@/components/icons";
import { Button } from "@/components/ui/button";
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
  const [on, setOn] = useState(initial);
  const mutation = useSetFavorite();
  const label = on ? t("channels.unfavorite", { name }) : t("channels.favorite", { name });
  const toggle = () => {
    const next = !on;
    setOn(next);
    mutation.mutate({ broadcaster_id: broadcasterId, favorite: next }, { onError: () => setOn(!next) });
  };
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
