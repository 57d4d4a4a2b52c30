// The final stage of docker/Dockerfile as data: what the image runs with (ENV, USER, ENTRYPOINT, CMD, …), so the
// validation runs the root filesystem with exactly that, and tests compare it with what else depends on it.

export interface FinalStage {
  env: Record<string, string>;
  /** "uid:gid" or a name, as written. */
  user: string | null;
  expose: string[];
  volumes: string[];
  /** The exec form's words, or null without HEALTHCHECK. */
  healthcheck: { options: string[]; cmd: string[] } | null;
  entrypoint: string[];
  cmd: string[];
}

export class DockerfileError extends Error {
  override name = "DockerfileError";
}

/** Instructions with continuation lines joined and comments dropped: [keyword, rest]. */
export function instructions(text: string): [string, string][] {
  const out: [string, string][] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!pending && (line === "" || line.startsWith("#"))) continue;
    if (pending && line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = "";
    if (!whole) continue;
    const [keyword = "", rest = ""] = whole.split(/\s+(.*)/s);
    out.push([keyword.toUpperCase(), rest.trim()]);
  }
  return out;
}

function execForm(text: string, what: string): string[] {
  let words: unknown;
  try {
    words = JSON.parse(text);
  } catch {
    throw new DockerfileError(`${what} is not in exec form (a JSON array): ${text}`);
  }
  if (!Array.isArray(words) || !words.every((w) => typeof w === "string"))
    throw new DockerfileError(`${what} is not a JSON array of strings: ${text}`);
  return words;
}

/** ENV KEY=VALUE pairs (unquoted values only: this Dockerfile has no others). */
function envPairs(text: string): [string, string][] {
  if (/["']/.test(text)) throw new DockerfileError(`ENV with quotes is not supported here: ${text}`);
  return text.split(/\s+/).map((pair) => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new DockerfileError(`ENV needs KEY=VALUE pairs: ${text}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

export function parseFinalStage(text: string): FinalStage {
  const all = instructions(text);
  const from = all.map(([k]) => k).lastIndexOf("FROM");
  if (from < 0) throw new DockerfileError("no FROM");
  const stage: FinalStage = {
    env: {},
    user: null,
    expose: [],
    volumes: [],
    healthcheck: null,
    entrypoint: [],
    cmd: [],
  };
  for (const [keyword, rest] of all.slice(from + 1)) {
    switch (keyword) {
      case "ENV":
        for (const [k, v] of envPairs(rest)) stage.env[k] = v;
        break;
      case "USER":
        stage.user = rest;
        break;
      case "EXPOSE":
        stage.expose.push(...rest.split(/\s+/));
        break;
      case "VOLUME":
        stage.volumes.push(...(rest.startsWith("[") ? execForm(rest, "VOLUME") : rest.split(/\s+/)));
        break;
      case "HEALTHCHECK": {
        const at = rest.indexOf("CMD ");
        if (at < 0) throw new DockerfileError(`HEALTHCHECK without CMD: ${rest}`);
        stage.healthcheck = {
          options: rest.slice(0, at).trim().split(/\s+/).filter(Boolean),
          cmd: execForm(rest.slice(at + 4).trim(), "HEALTHCHECK CMD"),
        };
        break;
      }
      case "ENTRYPOINT":
        stage.entrypoint = execForm(rest, "ENTRYPOINT");
        break;
      case "CMD":
        stage.cmd = execForm(rest, "CMD");
        break;
    }
  }
  return stage;
}

/** "65532:65532" → [65532, 65532]; a name is refused (the root filesystem has no runtime to look it up). */
export function numericUser(user: string | null): [number, number] {
  const m = /^(\d+)(?::(\d+))?$/.exec(user ?? "");
  if (!m) throw new DockerfileError(`USER must be numeric uid:gid, got ${user ?? "none"}`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}
