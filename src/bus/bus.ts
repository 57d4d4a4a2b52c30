/**
 * The in-process event bus: typed topics, synchronous fan-out, and publishers that never wait for or fail
 * because of a subscriber (a throwing listener is reported, not propagated). Consumers treat events as
 * deltas or cumulative snapshots, so a slow SSE client simply sees the next one.
 */
/** What a module needs of the bus, for the topics it knows (the process's bus carries every module's). */
export interface EventBus<Events> {
  on<K extends keyof Events>(topic: K, listener: (payload: Events[K]) => void): () => void;
  emit<K extends keyof Events>(topic: K, payload: Events[K]): void;
}

export class Bus<Events extends Record<string, unknown>> implements EventBus<Events> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(private readonly onListenerError: (topic: string, error: unknown) => void = () => {}) {}

  on<K extends keyof Events>(topic: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof Events>(topic: K, payload: Events[K]): void {
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        this.onListenerError(String(topic), error);
      }
    }
  }

  listenerCount(topic: keyof Events): number {
    return this.listeners.get(topic)?.size ?? 0;
  }
}
