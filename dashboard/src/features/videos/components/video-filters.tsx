import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { languageName, withCurrent } from "../languages";
import {
  activeFilterCount,
  DURATION_FILTERS,
  QUALITY_FILTERS,
  SIZE_FILTERS,
  SORT_OPTIONS,
  VIDEO_STATUS_FILTERS,
  type VideoSearch,
  withoutFilters,
} from "../search";
import { DateInput, Labelled } from "./filter-field";

type Patch = (patch: Partial<VideoSearch>) => void;

/**
 * Sort and every filter of the library: each change replaces one key of the URL search, so any filtered
 * view can be bookmarked. `languages` are the ones recorded (from `video.languages`).
 */
export function VideoFilters({
  search,
  languages,
  onChange,
  onReplace,
}: {
  search: VideoSearch;
  languages: readonly string[];
  onChange: Patch;
  /** Replaces the whole search (clearing filters). */
  onReplace: (search: VideoSearch) => void;
}) {
  const { t, i18n } = useTranslation();
  const any = t("videos.filters.any");
  // Each select: its key, label, options and how an option reads.
  const selects: [keyof VideoSearch, string, readonly string[], (o: string) => string][] = [
    ["status", t("videos.filters.status"), VIDEO_STATUS_FILTERS, (s) => t(`videos.status.${s}` as never)],
    ["quality", t("videos.filters.quality"), QUALITY_FILTERS, (q) => t(`qualities.${q}` as never)],
    ["duration", t("videos.filters.duration"), DURATION_FILTERS, (d) => t(`videos.durations.${d}` as never)],
    ["size", t("videos.filters.size"), SIZE_FILTERS, (s) => t(`videos.sizes.${s}` as never)],
    [
      "language",
      t("videos.filters.language"),
      withCurrent(languages, search.language),
      (c) => languageName(c, i18n.language),
    ],
  ];
  const count = activeFilterCount(search);
  return (
    <div className="grid grid-cols-2 items-end gap-2 sm:flex sm:flex-wrap">
      <Labelled label={t("videos.filters.sort")}>
        {(id) => (
          <Select
            id={id}
            value={search.sort ?? "newest"}
            onChange={(e) => onChange({ sort: e.target.value as VideoSearch["sort"] })}
          >
            {SORT_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {t(`videos.sorts.${s}`)}
              </option>
            ))}
          </Select>
        )}
      </Labelled>
      {selects.map(([key, label, options, optionLabel]) => (
        <Labelled key={key} label={label}>
          {(id) => (
            <Select
              id={id}
              value={(search[key] as string | undefined) ?? ""}
              onChange={(e) => onChange({ [key]: e.target.value || undefined })}
            >
              <option value="">{any}</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {optionLabel(o)}
                </option>
              ))}
            </Select>
          )}
        </Labelled>
      ))}
      <DateInput
        label={t("videos.filters.from")}
        value={search.from}
        max={search.to}
        onPick={(from) => onChange({ from })}
      />
      <DateInput
        label={t("videos.filters.to")}
        value={search.to}
        min={search.from}
        onPick={(to) => onChange({ to })}
      />
      <label className="col-span-2 flex h-10 items-center gap-2 text-sm text-fg sm:col-span-1">
        <input
          type="checkbox"
          className="size-4 accent-brand-600"
          checked={search.incomplete === true}
          onChange={(e) => onChange({ incomplete: e.target.checked ? true : undefined })}
        />
        {t("videos.filters.incomplete")}
      </label>
      {count > 0 && (
        <Button className="col-span-2 sm:col-span-1" onClick={() => onReplace(withoutFilters(search))}>
          {t("videos.filters.clear", { count })}
        </Button>
      )}
    </div>
  );
}
