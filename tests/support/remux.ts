import type { FragmentedMp4File } from "../../src/media/fragmented-file.ts";
import { TS_CLOCK } from "../../src/media/mpegts.ts";
import { demuxTs, tsFragment, tsInit, tsSegmentTimes } from "../../src/media/ts/index.ts";

/**
 * Appends TS segment files to a part file the way the recorder does (one fragment per segment): one run,
 * its times from zero (the file moves a later run to where it ends).
 */
export async function appendTsSegments(file: FragmentedMp4File, paths: string[]): Promise<void> {
  // The segments are one continuous source: one offset for all (as the recorder's timeline keeps it),
  // the run starting at zero.
  let offset: number | null = null;
  for (const [i, path] of paths.entries()) {
    const segment = demuxTs(new Uint8Array(await Bun.file(path).bytes()));
    const times = tsSegmentTimes(segment);
    offset ??= -Math.min(times.video?.first ?? Infinity, times.audio?.first ?? Infinity);
    if (i === 0) await file.writeInit(tsInit(segment));
    const { moof, mdat } = tsFragment(segment, Math.round(offset * TS_CLOCK), 0);
    await file.appendFragment(moof, mdat);
  }
}
