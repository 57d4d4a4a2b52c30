// A Twitch login as typed into the Channels page's "add a channel" field. Twitch's rule for logins is 4 to 25
// letters, digits or underscores (the server checks the same: src/trpc/inputs.ts `newChannelLogin`); people
// also paste "@name" or the channel's address, which are taken as the login they contain.

export type LoginCheck =
  | { ok: true; login: string }
  | { ok: false; error: "required" | "length" | "characters" };

const MIN = 4;
const MAX = 25;

/** The login in what was typed: "@Name", "twitch.tv/name" and "https://www.twitch.tv/name/videos" give "name". */
export function loginFromInput(raw: string): string {
  let text = raw.trim();
  const address = /^(?:https?:\/\/)?(?:www\.|m\.)?twitch\.tv\/([^/?#\s]*)/i.exec(text);
  if (address) text = address[1] ?? "";
  return text.replace(/^@/, "").toLowerCase();
}

export function checkLogin(raw: string): LoginCheck {
  const login = loginFromInput(raw);
  if (login === "") return { ok: false, error: "required" };
  if (!/^[a-z0-9_]+$/.test(login)) return { ok: false, error: "characters" };
  if (login.length < MIN || login.length > MAX) return { ok: false, error: "length" };
  return { ok: true, login };
}
