import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { formatBytes } from "@/lib/format";
import { twitchImage } from "@/lib/media-urls";
import type { RouterOutputs } from "@/lib/trpc";

export type CategoryItem = RouterOutputs["category"]["listPage"]["items"][number];

/** Box art (Twitch's template at 144×192), name and how much of it is recorded. */
export function CategoryCard({ category }: { category: CategoryItem }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <Link
        to="/categories/$categoryId"
        params={{ categoryId: category.id }}
        className="group block rounded-lg"
      >
        <div className="aspect-[3/4] overflow-hidden rounded-lg bg-surface-muted">
          {category.box_art_url && (
            <img
              src={twitchImage(category.box_art_url, 144, 192)}
              alt=""
              loading="lazy"
              className="size-full object-cover transition-transform group-hover:scale-105"
            />
          )}
        </div>
        <p className="mt-1.5 truncate text-sm font-medium text-fg">{category.name}</p>
        <p className="text-xs text-fg-muted">
          {t("categories.count", { count: category.video_count })} ·{" "}
          {formatBytes(category.total_size, i18n.language)}
        </p>
      </Link>
    </li>
  );
}
