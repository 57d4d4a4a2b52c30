import { expect, test } from "bun:test";
import { NotFoundError } from "../../domain/errors.ts";
import type { GapMarker } from "../../domain/timeline.ts";
import { channel, running } from "./fixtures.ts";
import { contract } from "./harness.ts";

contract("gap markers", (c) => {
  const ad = (at: number, seconds: number): GapMarker => ({
    kind: "ad",
    media_offset_seconds: at,
    duration_seconds: seconds,
    reason: null,
  });
  const lost = (at: number, seconds: number, reason = "window_rolled"): GapMarker => ({
    kind: "gap",
    media_offset_seconds: at,
    duration_seconds: seconds,
    reason,
  });

  test("a checkpoint stores the markers with it, in timeline order; a later list replaces them", async () => {
    await channel(c.repo, "1");
    const { video, job } = await running(c.repo, "1");
    expect(await c.repo.timeline.gaps(video.id)).toEqual([]);

    await c.repo.recordings.checkpoint(job.id, { frontier: 40 }, [
      lost(95.25, 4, "fetch_failed"),
      ad(12.5, 30),
    ]);
    expect(await c.repo.timeline.gaps(video.id)).toEqual([ad(12.5, 30), lost(95.25, 4, "fetch_failed")]);
    expect((await c.repo.recordings.getJob(job.id))?.resume_state).toEqual({ frontier: 40 });

    // The ad break went on (its span grew): the whole list is sent again.
    await c.repo.recordings.checkpoint(job.id, { frontier: 60 }, [
      ad(12.5, 60),
      lost(95.25, 4, "fetch_failed"),
    ]);
    expect(await c.repo.timeline.gaps(video.id)).toEqual([ad(12.5, 60), lost(95.25, 4, "fetch_failed")]);

    // A checkpoint without markers leaves them as they are.
    await c.repo.recordings.checkpoint(job.id, { frontier: 80 });
    expect(await c.repo.timeline.gaps(video.id)).toHaveLength(2);
    expect((await c.repo.recordings.getJob(job.id))?.resume_state).toEqual({ frontier: 80 });
  });

  test("the markers outlive the recording; finishing replaces them only when given", async () => {
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    const first = await running(c.repo, "1");
    const second = await running(c.repo, "2");
    await c.repo.recordings.checkpoint(first.job.id, {}, [ad(10, 30)]);
    await c.repo.recordings.checkpoint(second.job.id, {}, [lost(5, 2)]);

    await c.repo.recordings.finish({
      job_id: first.job.id,
      status: "DONE",
      completion_kind: "complete",
      truncated: false,
      gaps: [ad(10, 30), ad(300, 90)],
    });
    await c.repo.recordings.finish({
      job_id: second.job.id,
      status: "FAILED",
      completion_kind: "partial",
      truncated: true,
      error: "damaged checkpoint",
    });
    expect(await c.repo.timeline.gaps(first.video.id)).toEqual([ad(10, 30), ad(300, 90)]);
    expect(await c.repo.timeline.gaps(second.video.id)).toEqual([lost(5, 2)]);
    // Another video's markers are its own.
    expect(await c.repo.timeline.gaps(first.video.id + second.video.id + 1000)).toEqual([]);
  });

  test("an empty list clears them; an unknown job is NotFound and stores nothing", async () => {
    await channel(c.repo, "1");
    const { video, job } = await running(c.repo, "1");
    await c.repo.recordings.checkpoint(job.id, {}, [ad(1, 2)]);
    await c.repo.recordings.checkpoint(job.id, {}, []);
    expect(await c.repo.timeline.gaps(video.id)).toEqual([]);
    await expect(c.repo.recordings.checkpoint("nope", {}, [ad(1, 2)])).rejects.toBeInstanceOf(NotFoundError);
    expect(await c.repo.timeline.gaps(video.id)).toEqual([]);
  });
});
