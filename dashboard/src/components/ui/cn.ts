/** Joins class names, skipping falsy ones (no tailwind-merge: components avoid conflicting classes instead). */
export function cn(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(" ");
}
