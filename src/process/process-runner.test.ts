import { describe, expect, test } from "bun:test";
import { bunProcessRunner } from "./process-runner.ts";

// The real runner over Bun.spawn: what the seam promises the programs behind it.
describe("bunProcessRunner", () => {
  test("pipes input to the program and its output back, with the exit code", async () => {
    const proc = bunProcessRunner.spawn(["sh", "-c", "cat; echo oops >&2; exit 3"], {
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
    });
    proc.stdin?.write(new TextEncoder().encode("hello"));
    await proc.stdin?.flush();
    await proc.stdin?.end();
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    expect({ out, err, code, signal: proc.signalCode }).toEqual({
      out: "hello",
      err: "oops\n",
      code: 3,
      signal: null,
    });
  });

  test("a killed program ends by its signal; one past its timeout is killed", async () => {
    const proc = bunProcessRunner.spawn(["sleep", "30"]);
    proc.kill();
    expect(await proc.exited).toBe(137);
    expect(proc.signalCode).toBe("SIGKILL");
    const slow = bunProcessRunner.spawn(["sleep", "30"], { timeoutMs: 50 });
    await slow.exited;
    expect({ killed: slow.killed, signal: slow.signalCode }).toEqual({ killed: true, signal: "SIGKILL" });
  });

  test("a program that does not exist cannot be started: the error carries the system's code", () => {
    expect(() => bunProcessRunner.spawn(["/nonexistent/ffmpeg"])).toThrow(
      expect.objectContaining({ code: "ENOENT" }),
    );
  });

  test("ignored output reads as empty", async () => {
    const proc = bunProcessRunner.spawn(["echo", "hi"]);
    expect(await new Response(proc.stdout).text()).toBe("");
    expect(await proc.exited).toBe(0);
  });
});
