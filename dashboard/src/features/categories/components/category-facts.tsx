import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import type { RouterOutputs } from "@/lib/trpc";

export type CategoryDetails = Pick<
  RouterOutputs["category"]["getById"],
  "description" | "genres" | "release_year"
>;

/**
 * What IGDB says of a category's game (the daily metadata task fills it): release year, genres, summary,
 * and where it comes from. Nothing at all for a category IGDB knows nothing of (e.g. Just Chatting).
 */
export function CategoryFacts({ category }: { category: CategoryDetails }) {
  const { t } = useTranslation();
  const { description, genres, release_year: year } = category;
  if (!description && genres.length === 0 && year === null) return null;
  return (
    <section aria-label={t("categories.about")} className="-mt-2 mb-6 max-w-3xl space-y-2">
      {(year !== null || genres.length > 0) && (
        <div className="flex flex-wrap items-center gap-2 text-sm text-fg-muted">
          {year !== null && <span>{t("categories.released", { year })}</span>}
          {genres.length > 0 && (
            <ul aria-label={t("categories.genres")} className="flex flex-wrap gap-1.5">
              {genres.map((genre) => (
                <li key={genre}>
                  <Badge>{genre}</Badge>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {description && <p className="text-sm text-fg-muted">{description}</p>}
      <p className="text-xs text-fg-muted/70">{t("categories.source")}</p>
    </section>
  );
}
