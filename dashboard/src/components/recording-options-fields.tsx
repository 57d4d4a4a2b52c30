import { useTranslation } from "react-i18next";
import {
  QUALITIES,
  type Quality,
  RECORDING_TYPES,
  type RecordingOptions,
  type RecordingType,
} from "@/lib/recording-options";
import { Field, Select } from "./ui/field";
import { Switch } from "./ui/switch";

/** Video or audio, the quality, and for video whether to force H.264: for a recording now or a schedule's. */
export function RecordingOptionsFields({
  value,
  onChange,
  disabled,
}: {
  value: RecordingOptions;
  onChange: (patch: Partial<RecordingOptions>) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("schedules.form.recordingType")}>
          {(props) => (
            <Select
              {...props}
              value={value.recording_type}
              disabled={disabled}
              onChange={(e) => onChange({ recording_type: e.target.value as RecordingType })}
            >
              {RECORDING_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`schedules.types.${type}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("videos.filters.quality")}>
          {(props) => (
            <Select
              {...props}
              value={value.quality}
              disabled={disabled}
              onChange={(e) => onChange({ quality: e.target.value as Quality })}
            >
              {QUALITIES.map((q) => (
                <option key={q} value={q}>
                  {t(`qualities.${q}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      {value.recording_type === "video" && (
        <Switch
          label={t("schedules.form.forceH264")}
          hint={t("schedules.form.forceH264Hint")}
          checked={value.force_h264}
          disabled={disabled}
          onCheckedChange={(force_h264) => onChange({ force_h264 })}
        />
      )}
    </>
  );
}
