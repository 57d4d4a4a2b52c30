// Runs a program of an assembled root filesystem the way a container runtime would, without one: its own
// mount and PID namespaces (the program is PID 1, /proc is that namespace's), the few /dev nodes every runtime
// gives (null, zero, full, random, urandom, tty, fd), chroot into the root as a numeric user, and an
// environment holding nothing but what is passed. The host's network is shared (like --network=host).
import type { Subprocess } from "bun";

const SETUP = `set -e
root="$1"; shift
mount -t tmpfs -o mode=0755,nosuid,size=64k tmpfs "$root/dev"
for node in null zero full random urandom tty; do
  : >"$root/dev/$node"
  mount --bind "/dev/$node" "$root/dev/$node"
done
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mkdir "$root/dev/shm"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
exec "$@"`;

const HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** A program of this machine (outside the root filesystem), by absolute path. */
function host(name: string): string {
  const path = Bun.which(name, { PATH: HOST_PATH });
  if (!path) throw new Error(`${name} is not installed on this machine`);
  return path;
}

export interface RootfsCommand {
  root: string;
  uid: number;
  gid: number;
  env: Record<string, string>;
  argv: string[];
}

/** The host command: unshare → sh (mounts /dev) → env -i → chroot --userspec → the program, exec'd all along. */
export function rootfsCommand(c: RootfsCommand): string[] {
  const env = Object.entries(c.env).map(([k, v]) => `${k}=${v}`);
  return [
    host("unshare"),
    "--mount",
    "--pid",
    "--fork",
    `--mount-proc=${c.root}/proc`,
    "--",
    "sh",
    "-c",
    SETUP,
    "sh",
    c.root,
    host("env"),
    "-i",
    ...env,
    host("chroot"),
    `--userspec=${c.uid}:${c.gid}`,
    `--groups=${c.gid}`,
    c.root,
    ...c.argv,
  ];
}

/** A process whose stdout and stderr are collected as they come. */
export interface Collected {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Everything written so far to stdout and stderr (replayd logs to stdout), interleaved as it came. */
  output(): string;
  /** Each stream whole, once it ends. */
  stdout: Promise<string>;
  stderr: Promise<string>;
}

export function spawnCollecting(argv: string[], env: Record<string, string | undefined>): Collected {
  const proc = Bun.spawn(argv, { stdin: "ignore", stdout: "pipe", stderr: "pipe", env });
  let output = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let text = "";
    for await (const chunk of stream) {
      const part = decoder.decode(chunk, { stream: true });
      text += part;
      output += part;
    }
    return text;
  };
  return { proc, output: () => output, stdout: collect(proc.stdout), stderr: collect(proc.stderr) };
}

export interface RootfsProcess extends Collected {
  /** The program's PID on the host (unshare's child; PID 1 in its namespace). Signals go here: unshare ignores SIGTERM. */
  programPid(): Promise<number>;
}

/** Starts the program; `proc` is unshare itself, whose exit code is the program's. */
export function spawnInRootfs(c: RootfsCommand): RootfsProcess {
  const collected = spawnCollecting(rootfsCommand(c), { PATH: HOST_PATH });
  return { ...collected, programPid: () => childOf(collected.proc.pid) };
}

export async function runInRootfs(
  c: RootfsCommand,
  timeoutMs = 60_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = spawnInRootfs(c);
  const timer = setTimeout(() => run.proc.kill("SIGKILL"), timeoutMs);
  try {
    const [code, stdout, stderr] = await Promise.all([run.proc.exited, run.stdout, run.stderr]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

async function childOf(pid: number, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await Bun.file(`/proc/${pid}/task/${pid}/children`)
      .text()
      .catch(() => "");
    const child = Number(text.trim().split(/\s+/)[0]);
    if (child > 0) return child;
    await Bun.sleep(10);
  }
  throw new Error(`unshare (pid ${pid}) started no child within ${timeoutMs} ms`);
}
