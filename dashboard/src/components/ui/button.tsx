import { Button as BaseButton } from "@base-ui/react/button";
import type { ComponentProps } from "react";

type ButtonVariant = "primary" | "secondary";

const variantClasses: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  secondary: "border border-line bg-surface text-fg hover:bg-surface-muted",
};

/** Base UI button with the app's look; Base UI handles focus, disabled and keyboard semantics. */
export function Button({
  variant = "secondary",
  className = "",
  ...props
}: ComponentProps<typeof BaseButton> & { variant?: ButtonVariant; className?: string }) {
  return (
    <BaseButton
      className={`inline-flex h-8 shrink-0 items-center whitespace-nowrap gap-1.5 rounded-md px-3 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 data-disabled:cursor-not-allowed data-disabled:opacity-60 ${variantClasses[variant]} ${className}`}
      {...props}
    />
  );
}
