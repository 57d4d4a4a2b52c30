import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Select } from "./ui/field";

/** A page header's sort picker: "Sort" beside a select of the page's orders. */
export function SortSelect<T extends string>({
  value,
  options,
  optionLabel,
  onChange,
  className,
}: {
  value: T;
  options: readonly T[];
  optionLabel: (option: T) => string;
  onChange: (value: string) => void;
  className?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-fg-muted">
        {t("videos.filters.sort")}
      </label>
      <Select id={id} className={className} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {optionLabel(option)}
          </option>
        ))}
      </Select>
    </div>
  );
}
