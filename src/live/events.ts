/** What live detection announces on the bus (the API's SSE subscriptions forward it to the dashboard). */
export interface LiveEvents extends Record<string, unknown> {
  "stream.status": {
    kind: "online" | "offline";
    broadcaster_id: string;
    broadcaster_login: string | null;
    display_name: string | null;
    stream_id: string | null;
    at: string;
  };
  /** A recording started because the stream matched schedules. */
  "stream.live": {
    broadcaster_id: string;
    broadcaster_login: string;
    matched_schedules: number[];
    job_id: string;
  };
  /** Channels watched for the first time (a follow sync, or added by hand): live detection covers them. */
  "channels.watched": { broadcaster_ids: string[] };
}
