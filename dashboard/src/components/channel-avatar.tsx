import { cn } from "./ui/cn";

/** A channel's picture (or initial), ringed in red while live. */
export function ChannelAvatar({
  name,
  url,
  live,
  size = "size-12",
}: {
  name: string;
  url: string | null;
  live: boolean;
  size?: string;
}) {
  const ring = live ? "ring-2 ring-live ring-offset-2 ring-offset-surface" : "";
  return url ? (
    <img src={url} alt="" className={cn(size, "shrink-0 rounded-full object-cover", ring)} />
  ) : (
    <span
      className={cn(
        size,
        "flex shrink-0 items-center justify-center rounded-full bg-brand-600 font-semibold text-white",
        ring,
      )}
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
