/** Keeps the newest `max` events, newest first, ignoring one already kept (a resumed stream can replay it). */
export function pushRecent<T extends { id: string }>(events: readonly T[], event: T, max = 5): T[] {
  if (events.some((e) => e.id === event.id)) return [...events];
  return [event, ...events].slice(0, max);
}
