import { Button as BaseButton } from "@base-ui/react/button";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "sm" | "md" | "icon";

const variantClasses: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  secondary: "border border-line bg-surface text-fg hover:bg-surface-muted",
  ghost: "text-fg hover:bg-surface-muted",
  danger: "bg-danger text-white hover:opacity-90",
};

const sizeClasses: Record<ButtonSize, string> = {
  sm: "h-8 px-3 text-sm",
  md: "h-10 px-4 text-sm",
  icon: "size-9 justify-center",
};

export function buttonClasses(variant: ButtonVariant = "secondary", size: ButtonSize = "sm", extra?: string) {
  return cn(
    "inline-flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-md font-medium transition-colors",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500",
    "data-disabled:cursor-not-allowed data-disabled:opacity-60 disabled:cursor-not-allowed disabled:opacity-60",
    variantClasses[variant],
    sizeClasses[size],
    extra,
  );
}

/** Base UI button with the app's look; Base UI handles focus, disabled and keyboard semantics. */
export function Button({
  variant = "secondary",
  size = "sm",
  className,
  ...props
}: ComponentProps<typeof BaseButton> & { variant?: ButtonVariant; size?: ButtonSize; className?: string }) {
  return <BaseButton className={buttonClasses(variant, size, className)} {...props} />;
}
