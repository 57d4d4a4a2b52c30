// What the image must be, as the validation reads it: the manifest's entries, the Dockerfile's final stage
// (the numeric user the root filesystem runs as), and the size target.
import { readFileSync } from "node:fs";
import { assert, MIB, must } from "./checks.ts";
import { type FinalStage, numericUser, parseFinalStage } from "./dockerfile.ts";
import { DOCKERFILE_PATH, type Entry, readManifest, withManifest } from "./manifest.ts";

export const SIZE_LIMIT_MIB = 140;
export const SIZE_LIMIT_BYTES = SIZE_LIMIT_MIB * MIB;

export interface ImageSpec {
  entries: Entry[];
  dockerfile: string;
  stage: FinalStage;
  uid: number;
  gid: number;
}

export function readImageSpec(): ImageSpec {
  const entries = readManifest();
  const dockerfile = readFileSync(DOCKERFILE_PATH, "utf8");
  const stage = parseFinalStage(dockerfile);
  const [uid, gid] = numericUser(stage.user);
  return { entries, dockerfile, stage, uid, gid };
}

/** The Dockerfile's COPY lines are the manifest's: everything after relies on the two agreeing. */
export async function checkDockerfileRendered({ entries, dockerfile, stage }: ImageSpec) {
  await must("Dockerfile rendered from the manifest", () => {
    assert(
      withManifest(dockerfile, entries) === dockerfile,
      "docker/Dockerfile differs: run scripts/image/manifest.ts --write",
    );
    return `${entries.length} entries, USER ${stage.user}, ENV ${Object.keys(stage.env).join(" ")}`;
  });
}
