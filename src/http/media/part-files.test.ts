import { describe, expect, test } from "bun:test";
import { LocalStorage } from "../../storage/local.storage.ts";
import { S3Storage } from "../../storage/s3.storage.ts";
import { recordingPath } from "./part-files.ts";

const local = { storage: new LocalStorage("/data"), scratchRoot: "/data/scratch" };
const s3 = {
  storage: new S3Storage({
    endpoint: "http://127.0.0.1:1",
    bucket: "b",
    region: "",
    accessKeyId: "",
    secretAccessKey: "",
    pathStyle: true,
  }),
  scratchRoot: "/data/scratch",
};
const JOB = "0b7c8a52-3f7e-4a55-9e0e-1f3c2b9d8e71";

describe("where the part being recorded is, from the database rows only", () => {
  test.each([
    ["local storage: in place", local, JOB, "a-part01.mp4", 1, "/data/videos/a-part01.mp4"],
    ["S3: the job's scratch file", s3, JOB, "a-part02.mp4", 2, `/data/scratch/${JOB}/part2.mp4`],
    ["S3, audio only", s3, JOB, "a-part01.m4a", 1, `/data/scratch/${JOB}/part1.m4a`],
    ["local, a name that would leave the folder", local, JOB, "../../etc/passwd", 1, null],
    ["S3, a job id that is not one", s3, "../../etc", "a-part01.mp4", 1, null],
    ["S3, a file that is not a part", s3, JOB, "a-part01.txt", 1, null],
  ] as const)("%s", (_, deps, job_id, filename, part_index, expected) => {
    expect(recordingPath(deps, { job_id }, { filename, part_index })).toBe(expected);
  });
});
