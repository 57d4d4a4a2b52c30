/** One server-sent event as a tRPC subscription sends it. */
export interface SseEvent {
  id: string | null;
  event: string | null;
  data: string;
}

/**
 * A minimal SSE client over fetch (Bun has no EventSource): connects, and yields events as they arrive
 * until `signal` aborts or the server ends the stream.
 */
export async function* readSse(url: string, init: RequestInit = {}): AsyncGenerator<SseEvent> {
  const res = await fetch(url, { ...init, headers: { accept: "text/event-stream", ...init.headers } });
  if (!res.ok || !res.body) throw new Error(`SSE ${url}: ${res.status} ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { id: null, event: null, data: "" };
        for (const line of block.split("\n")) {
          const colon = line.indexOf(":");
          if (colon <= 0) continue;
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, "");
          if (field === "id") event.id = value;
          else if (field === "event") event.event = value;
          else if (field === "data") event.data += event.data ? `\n${value}` : value;
        }
        yield event;
        end = buffer.indexOf("\n\n");
      }
    }
  } catch (err) {
    if ((err as Error).name !== "AbortError") throw err;
  }
}

/** The next event that carries data (tRPC also sends `connected` and `ping` events). */
export async function nextData(events: AsyncGenerator<SseEvent>): Promise<SseEvent> {
  for (;;) {
    const { value, done } = await events.next();
    if (done) throw new Error("the stream ended");
    if (value.event === null || value.event === "message") {
      if (value.data) return value;
    }
  }
}
