import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { numericUser, parseFinalStage } from "./dockerfile.ts";
import {
  DOCKERFILE_PATH,
  ManifestError,
  parseManifest,
  ROOT,
  readManifest,
  renderBlocks,
  withManifest,
} from "./manifest.ts";

// docker/rootfs.manifest is what the image holds; docker/Dockerfile copies it in, and scripts/validate-image.ts
// lays it out itself. These keep the three in step without building anything.

const dockerfile = readFileSync(DOCKERFILE_PATH, "utf8");
const entries = readManifest();
const stage = parseFinalStage(dockerfile);
const entry = (path: string) => entries.find((e) => e.path === path);

describe("docker/rootfs.manifest and docker/Dockerfile", () => {
  test("the Dockerfile's COPY lines are the manifest's (fix: bun scripts/image/manifest.ts --write)", () => {
    expect(withManifest(dockerfile, entries)).toBe(dockerfile);
  });

  test("the final stage is FROM scratch and copies nothing the manifest does not list", () => {
    const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
    expect(finalStage.startsWith("\nFROM scratch\n")).toBe(true);
    const copies = finalStage.split("\n").filter((l) => l.startsWith("COPY ") || l.startsWith("ADD "));
    expect(copies).toEqual(renderBlocks(entries).rootfs);
  });

  test("the user it runs as owns /data, which is the volume and DATA_DIR, and is in /etc/passwd", () => {
    const [uid, gid] = numericUser(stage.user);
    expect([uid, gid]).toEqual([65532, 65532]);
    expect(stage.volumes).toEqual(["/data"]);
    expect(stage.env.DATA_DIR).toBe("/data");
    expect(entry("/data")).toMatchObject({ uid, gid, source: { kind: "dir" } });
    expect(entry("/tmp")).toMatchObject({ mode: 0o1777, source: { kind: "dir" } });
    const passwd = readFileSync(join(ROOT, "docker", "rootfs", "etc", "passwd"), "utf8");
    expect(passwd).toContain(`:x:${uid}:${gid}:`);
    expect(readFileSync(join(ROOT, "docker", "rootfs", "etc", "group"), "utf8")).toContain(`:x:${gid}:`);
  });

  test("the programs the ENV names are in the image; the entrypoint and health check run /replayd", () => {
    for (const name of ["FFMPEG_PATH", "FFPROBE_PATH"])
      expect(entry(stage.env[name] ?? "")?.source.kind).toBe("ffmpeg");
    expect(stage.entrypoint).toEqual(["/replayd"]);
    expect(stage.cmd).toEqual(["serve"]);
    expect(stage.healthcheck?.cmd).toEqual(["/replayd", "healthcheck"]);
    expect(entry("/replayd")).toMatchObject({
      mode: 0o755,
      source: { kind: "context", path: "dist/replayd" },
    });
    expect(stage.expose).toEqual([stage.env.PORT ?? "no PORT"]);
    expect(stage.env.HOST).toBe("0.0.0.0");
  });

  test(".dockerignore lets every file the image copies from the checkout into the context", () => {
    const rules = readFileSync(join(ROOT, ".dockerignore"), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    expect(rules[0]).toBe("*");
    const allowed = rules.filter((r) => r.startsWith("!")).map((r) => r.slice(1));
    for (const e of entries) {
      if (e.source.kind !== "context") continue;
      const path = e.source.path;
      expect(allowed.some((a) => path === a || (a.endsWith("/") && path.startsWith(a)))).toBe(true);
    }
    // The ffmpeg stage runs this script from the context.
    expect(dockerfile).toContain("COPY docker/build-ffmpeg.sh ");
    expect(allowed).toContain("docker/build-ffmpeg.sh");
  });
});

describe("parseManifest", () => {
  test("reads path, mode, owner and source; comments and blank lines are skipped", () => {
    const parsed = parseManifest(
      "# x\n\n/a  0755 0:0 context:dist/a  # trailing\n/lib/b 0644 0:0 base:/usr/lib/b\n/c 1777 1:2 dir\n/d 0755 0:0 ffmpeg:ffprobe\n",
    );
    expect(parsed).toEqual([
      { path: "/a", mode: 0o755, uid: 0, gid: 0, source: { kind: "context", path: "dist/a" } },
      { path: "/lib/b", mode: 0o644, uid: 0, gid: 0, source: { kind: "base", path: "/usr/lib/b" } },
      { path: "/c", mode: 0o1777, uid: 1, gid: 2, source: { kind: "dir" } },
      { path: "/d", mode: 0o755, uid: 0, gid: 0, source: { kind: "ffmpeg", name: "ffprobe" } },
    ]);
  });

  test.each([
    ["a 0755 0:0 dir", "not an absolute path"],
    ["/a 755 0:0 dir", "four octal digits"],
    ["/a 0755 root dir", "not uid:gid"],
    ["/a 0755 0:0 context:/abs", "is not context:RELATIVE"],
    ["/a 0755 0:0 ffmpeg:x264", "is not context:RELATIVE"],
    ["/a 0755 0:0 dir\n/a 0755 0:0 dir", "listed twice"],
    ["/a 0755 0:0", 'expected "path mode uid:gid source"'],
  ])("refuses %p, naming the line", (text, message) => {
    expect(() => parseManifest(text)).toThrow(ManifestError);
    expect(() => parseManifest(text)).toThrow(message);
  });

  test("folders are made with their mode and owner in the dirs stage, files are copied one by one", () => {
    const blocks = renderBlocks(parseManifest("/x 0755 0:0 context:x\n/t 1777 0:0 dir\n/d 0755 9:9 dir\n"));
    expect(blocks.dirs).toEqual([
      "RUN install -d -m 1777 -o 0 -g 0 /rootfs/t \\\n && install -d -m 0755 -o 9 -g 9 /rootfs/d",
    ]);
    expect(blocks.rootfs).toEqual(["COPY --from=dirs /rootfs/ /", "COPY --chown=0:0 --chmod=0755 x /x"]);
  });
});
