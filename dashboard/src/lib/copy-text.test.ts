import { describe, expect, test } from "bun:test";
import { type CopyEnvironment, copyText } from "./copy-text";

type Clipboard = "absent" | "writes" | "refuses";
type Command = "copies" | "declines" | "throws";

/** A browser with the given clipboard and copy command, recording which method ran. */
function environment(clipboard: Clipboard, secure: boolean, command: Command) {
  const used: string[] = [];
  const env: CopyEnvironment = {
    secure,
    clipboard:
      clipboard === "absent"
        ? undefined
        : {
            writeText: async (text) => {
              used.push(`clipboard:${text}`);
              if (clipboard === "refuses") throw new Error("NotAllowedError");
            },
          },
    copyBySelection: (text) => {
      used.push(`command:${text}`);
      if (command === "throws") throw new Error("SecurityError");
      return command === "copies";
    },
  };
  return { env, used };
}

describe("copyText", () => {
  test.each<[string, Clipboard, boolean, Command, boolean, string[]]>([
    ["HTTPS: the Clipboard API", "writes", true, "copies", true, ["clipboard:x"]],
    ["plain HTTP on the LAN: no clipboard, the copy command", "absent", false, "copies", true, ["command:x"]],
    ["a clipboard outside a secure context is not used", "writes", false, "copies", true, ["command:x"]],
    [
      "the Clipboard API refuses: the copy command",
      "refuses",
      true,
      "copies",
      true,
      ["clipboard:x", "command:x"],
    ],
    ["the copy command declines", "absent", false, "declines", false, ["command:x"]],
    ["the copy command throws", "refuses", true, "throws", false, ["clipboard:x", "command:x"]],
  ])("%s", async (_name, clipboard, secure, command, copied, methods) => {
    const { env, used } = environment(clipboard, secure, command);
    expect(await copyText("x", env)).toBe(copied);
    expect(used).toEqual(methods);
  });
});
