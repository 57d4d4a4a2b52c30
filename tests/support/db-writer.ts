// A child process that writes through the real repository, for tests that kill it mid-write or run several
// at once. Usage: DATABASE_URL=… bun tests/support/db-writer.ts <mode> [args]; it prints one JSON line per
// step on stdout. Modes:
//   record-loop <channel,…>   records forever (start, three parts, finish), one channel after another
//   race-start <channel>      waits for "go" on stdin, then tries once to start a recording of the channel
//   append <n>                appends n event logs and n webhook deliveries, then claims deliveries until none
import { openDatabase } from "../../src/db/connection.ts";
import { createRepository } from "../../src/db/repository.ts";
import { ConflictError } from "../../src/domain/errors.ts";

const [mode = "", arg = ""] = process.argv.slice(2);
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required");
const handle = await openDatabase(url, { poolSize: 2 });
const repo = createRepository(handle);
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function recordLoop(channels: string[]) {
  for (let i = 0; ; i++) {
    const channel = channels[i % channels.length] as string;
    const jobId = crypto.randomUUID();
    const { video } = await repo.recordings.start({
      job_id: jobId,
      filename: `crash-${jobId}`,
      display_name: `Recording ${i}`,
      title: `Stream ${i}`,
      quality: "source",
      recording_type: "video",
      force_h264: false,
      broadcaster_id: channel,
      language: "en",
      category: { id: `g${i % 5}`, name: `Game ${i % 5}` },
    });
    await repo.recordings.markRunning(jobId);
    for (let p = 1; p <= 3; p++) {
      const part = await repo.recordings.addPart(
        {
          video_id: video.id,
          part_index: p,
          filename: `crash-${jobId}-part${p}.mp4`,
          quality: "1080p",
          codec: "h264",
          segment_format: "ts",
          start_media_seq: p * 1000,
        },
        { stage: "SEGMENTS", parts_done: p - 1 },
      );
      await repo.timeline.recordChange(video.id, { title: `Stream ${i} part ${p}` });
      await repo.recordings.finalizePart(
        part.id,
        { duration_seconds: 60 + p, size_bytes: 1_000_000 * p, end_media_seq: p * 1000 + 59 },
        { stage: "SEGMENTS", parts_done: p },
      );
    }
    await repo.recordings.finish({
      job_id: jobId,
      status: "DONE",
      completion_kind: "complete",
      truncated: false,
      webhook: {
        message_id: jobId,
        dedupe_key: `recording.completed:${video.id}`,
        event: "recording.completed",
        video_id: video.id,
      },
    });
    say({ finished: i + 1 });
  }
}

async function raceStart(channel: string) {
  say({ ready: true });
  for await (const chunk of Bun.stdin.stream()) {
    if (new TextDecoder().decode(chunk).includes("go")) break;
  }
  const jobId = crypto.randomUUID();
  try {
    await repo.recordings.start({
      job_id: jobId,
      filename: `race-${jobId}`,
      display_name: "race",
      title: "race",
      quality: "source",
      recording_type: "video",
      force_h264: false,
      broadcaster_id: channel,
      language: "en",
    });
    say({ started: jobId });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    say({ conflict: true });
  }
}

async function append(n: number) {
  for (let i = 0; i < n; i++) {
    await repo.eventLogs.append({
      domain: "test",
      event_type: "append",
      severity: "info",
      message: `entry ${process.pid} ${i}`,
    });
    const id = `${process.pid}-${i}`;
    await repo.webhookDeliveries.enqueue({
      message_id: id,
      dedupe_key: `recording.test:${id}`,
      event: "recording.test",
      video_id: null,
      test: true,
    });
  }
  const claimed: number[] = [];
  for (;;) {
    const delivery = await repo.webhookDeliveries.claimNext();
    if (!delivery) break;
    claimed.push(delivery.id);
  }
  say({ appended: n, claimed });
}

if (mode === "record-loop") await recordLoop(arg.split(","));
else if (mode === "race-start") await raceStart(arg);
else if (mode === "append") await append(Number(arg));
else throw new Error(`unknown mode ${mode}`);
await handle.close();
