import { type ComponentProps, type ReactNode, useId } from "react";
import { Input } from "@/components/ui/field";

/** A day picker ("YYYY-MM-DD"), empty for none. */
export function DateInput({
  label,
  value,
  onPick,
  ...limits
}: { label: string; value: string | undefined; onPick: (value: string | undefined) => void } & Pick<
  ComponentProps<"input">,
  "min" | "max"
>) {
  return (
    <Labelled label={label}>
      {(id) => (
        <Input
          id={id}
          type="date"
          value={value ?? ""}
          {...limits}
          onChange={(e) => onPick(e.target.value || undefined)}
        />
      )}
    </Labelled>
  );
}

/** A filter's small label above its control (the control gets the id). */
export function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-xs text-fg-muted">
        {label}
      </label>
      {children(id)}
    </div>
  );
}
