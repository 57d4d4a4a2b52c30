const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/**
 * Bytes for people: "1.2 GiB", "2 GiB", "512 B". One decimal, rounded *down* by default, so a free-space
 * figure never reads as more than there is (1.99 GiB free under a 2 GiB floor shows "1.9 GiB", not
 * "2 GiB"); a target to reach rounds *up*.
 */
export function formatBytes(bytes: number, round: "down" | "up" = "down"): string {
  if (!Number.isFinite(bytes) || bytes < 0) return `${bytes} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // The epsilon absorbs float noise: 2.1 GiB computed as 2.0999999… GiB still reads "2.1" rounded up.
  const tenths = round === "down" ? Math.floor(value * 10 + 1e-9) : Math.ceil(value * 10 - 1e-9);
  const shown = unit === 0 ? (round === "down" ? Math.floor(value) : Math.ceil(value)) : tenths / 10;
  return `${shown} ${UNITS[unit]}`;
}
