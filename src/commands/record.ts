import { parseArgs } from "node:util";
import { bootstrap } from "../boot/bootstrap.ts";
import type { ResolvedConfig } from "../config/index.ts";
import { untilStopped } from "../lib/shutdown.ts";
import type { Logger } from "../log/logger.ts";
import { tokenChannel } from "../twitch/playback.client.ts";
import { QUALITIES, type Quality } from "../twitch/variant.ts";

export const RECORD_HELP = `Usage: replayd record [login…] [options]

Records channels now, without the server: resumes any recording a previous run left unfinished, starts one
for each <login> given, and exits when every recording has ended (Ctrl-C stops them; they resume on the
next run). Uses the same configuration, database and data folder as \`replayd serve\`.

Options:
  --quality Q     ${QUALITIES.join(", ")} (default source)
  --force-h264    only H.264 renditions
  -h, --help      show this help
`;

export class RecordUsageError extends Error {
  override name = "StartupError";
}

export async function runRecordCommand(argv: string[], config: ResolvedConfig, log: Logger): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      quality: { type: "string", default: "source" },
      "force-h264": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(RECORD_HELP);
    return 0;
  }
  const quality = values.quality as Quality;
  if (!QUALITIES.includes(quality))
    throw new RecordUsageError(`--quality: expected one of ${QUALITIES.join(", ")}`);

  const booted = await bootstrap(config, log, { poolSize: 4 });
  const { services } = booted;
  try {
    await services.recorder.resumeUnfinished();
    for (const login of positionals.map((p) => p.toLowerCase())) {
      const token = await services.playback.accessToken(login);
      const channel = tokenChannel(token);
      if (!channel) throw new RecordUsageError(`Twitch did not say which channel ${login} is`);
      await services.repo.channels.upsert({
        broadcaster_id: channel.id,
        broadcaster_login: login,
        broadcaster_name: channel.name ?? login,
      });
      const started = await services.recorder.start({
        broadcaster: { id: channel.id, login, name: channel.name ?? login },
        quality,
        recordingType: quality === "audio_only" ? "audio" : "video",
        forceH264: values["force-h264"] === true,
      });
      log.info({ job_id: started.jobId, video_id: started.videoId, channel: login }, "recording started");
    }
    let stopped = false;
    const finished = services.recorder.idle().then(() => 0);
    const interrupted = untilStopped(log, async () => {
      stopped = true;
      await services.recorder.shutdown();
    });
    const code = await Promise.race([finished, interrupted]);
    if (!stopped) log.info("every recording has ended");
    return code;
  } finally {
    await booted.close();
  }
}
