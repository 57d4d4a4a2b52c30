import { Switch as BaseSwitch } from "@base-ui/react/switch";
import { useId } from "react";

/** A labelled on/off switch (Base UI gives it the switch role and Space/Enter toggling). */
export function Switch({
  label,
  checked,
  onCheckedChange,
  disabled,
  hint,
}: {
  label: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  disabled?: boolean;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-3">
      <label htmlFor={id} className="text-sm text-fg">
        {label}
        {hint && <span className="mt-0.5 block text-xs text-fg-muted">{hint}</span>}
      </label>
      <BaseSwitch.Root
        id={id}
        checked={checked}
        onCheckedChange={(value) => onCheckedChange(value)}
        disabled={disabled}
        className="relative inline-flex h-6 w-10 shrink-0 rounded-full bg-surface-muted ring-1 ring-line transition-colors data-checked:bg-brand-600 data-disabled:opacity-60"
      >
        <BaseSwitch.Thumb className="m-0.5 size-5 rounded-full bg-white shadow transition-transform data-checked:translate-x-4" />
      </BaseSwitch.Root>
    </div>
  );
}
