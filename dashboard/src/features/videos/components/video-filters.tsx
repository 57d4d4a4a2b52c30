import { type ComponentProps, useId } from "react";
import { useTranslation } from "react-i18next";
import { Select } from "@/components/ui/field";
import {
  DURATION_FILTERS,
  QUALITY_FILTERS,
  SORT_OPTIONS,
  VIDEO_STATUS_FILTERS,
  type VideoSearch,
} from "../search";

/** Sort and filter selects; each change replaces one key of the URL search. */
export function VideoFilters({
  search,
  onChange,
}: {
  search: VideoSearch;
  onChange: (patch: Partial<VideoSearch>) => void;
}) {
  const { t } = useTranslation();
  const any = t("videos.filters.any");
  return (
    <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
      <FilterSelect
        label={t("videos.filters.sort")}
        value={search.sort ?? "newest"}
        onChange={(e) => onChange({ sort: e.target.value as VideoSearch["sort"] })}
      >
        {SORT_OPTIONS.map((s) => (
          <option key={s} value={s}>
            {t(`videos.sorts.${s}`)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t("videos.filters.status")}
        value={search.status ?? ""}
        onChange={(e) => onChange({ status: (e.target.value || undefined) as VideoSearch["status"] })}
      >
        <option value="">{any}</option>
        {VIDEO_STATUS_FILTERS.map((s) => (
          <option key={s} value={s}>
            {t(`videos.status.${s}`)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t("videos.filters.quality")}
        value={search.quality ?? ""}
        onChange={(e) => onChange({ quality: (e.target.value || undefined) as VideoSearch["quality"] })}
      >
        <option value="">{any}</option>
        {QUALITY_FILTERS.map((q) => (
          <option key={q} value={q}>
            {t(`qualities.${q}`)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t("videos.filters.duration")}
        value={search.duration ?? ""}
        onChange={(e) => onChange({ duration: (e.target.value || undefined) as VideoSearch["duration"] })}
      >
        <option value="">{any}</option>
        {DURATION_FILTERS.map((d) => (
          <option key={d} value={d}>
            {t(`videos.durations.${d}`)}
          </option>
        ))}
      </FilterSelect>
    </div>
  );
}

function FilterSelect({ label, ...props }: { label: string } & ComponentProps<typeof Select>) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs text-fg-muted">
        {label}
      </label>
      <Select id={id} {...props} />
    </div>
  );
}
