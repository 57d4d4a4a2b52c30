import { describe, expect, test } from "bun:test";
import { type HeldToken, REFRESH_MARGIN_MS, RETRY_AFTER_MS, TokenRefresher } from "./token-refresher.ts";

const T0 = Date.UTC(2026, 10, 28, 12);
const HOUR = 3_600_000;

/** A store, a Twitch that refreshes (or refuses), and a clock the test moves. */
function world(stored: HeldToken | null = { access_token: "a0", expires_at: T0 + HOUR }) {
  let now = T0;
  let issued = 0;
  const calls = { load: 0, refresh: [] as string[] };
  let refuse: Error | null = null;
  let gate: Promise<void> | null = null;
  const state = { stored };
  const refresher = new TokenRefresher<HeldToken>({
    now: () => now,
    load: async () => {
      calls.load++;
      return state.stored;
    },
    refresh: async (current) => {
      calls.refresh.push(current.access_token);
      if (gate) await gate;
      if (refuse) throw refuse;
      state.stored = { access_token: `a${++issued}`, expires_at: now + 4 * HOUR };
      return state.stored;
    },
  });
  return {
    refresher,
    calls,
    state,
    advance: (ms: number) => {
      now += ms;
    },
    refuseWith: (err: Error | null) => {
      refuse = err;
    },
    /** Holds refreshes until the returned function is called. */
    hold: () => {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = () => {
          gate = null;
          resolve();
        };
      });
      return open;
    },
  };
}

const tokenOf = async (r: TokenRefresher<HeldToken>) => {
  const result = await r.get();
  return result.kind === "token" ? result.token.access_token : result.kind;
};

describe("the service account's token refresher", () => {
  test("hands out the stored token, loaded once, until 60 s before it expires", async () => {
    const w = world();
    expect(await tokenOf(w.refresher)).toBe("a0");
    w.advance(HOUR - REFRESH_MARGIN_MS - 1);
    expect(await tokenOf(w.refresher)).toBe("a0");
    expect(w.calls).toEqual({ load: 1, refresh: [] });
  });

  test.each([
    ["exactly at the margin", HOUR - REFRESH_MARGIN_MS],
    ["inside the margin", HOUR - 30_000],
    ["after expiry", HOUR + 1],
  ])("%s it refreshes first, and hands out the new token", async (_case, elapsed) => {
    const w = world();
    await w.refresher.get();
    w.advance(elapsed);
    expect(await tokenOf(w.refresher)).toBe("a1");
    expect(w.calls.refresh).toEqual(["a0"]);
  });

  test("a token already inside the margin when first loaded is refreshed before any use", async () => {
    const w = world({ access_token: "a0", expires_at: T0 + 10_000 });
    expect(await tokenOf(w.refresher)).toBe("a1");
    expect(w.calls.refresh).toEqual(["a0"]);
  });

  test("single-flight: 20 callers during one refresh share it", async () => {
    const w = world({ access_token: "a0", expires_at: T0 });
    const open = w.hold();
    const all = Array.from({ length: 20 }, () => tokenOf(w.refresher));
    open();
    expect(new Set(await Promise.all(all))).toEqual(new Set(["a1"]));
    expect(w.calls.refresh).toEqual(["a0"]);
    expect(w.calls.load).toBe(1);
  });

  test("a failed refresh: that caller gets the error, and callers go without for a minute, then it is retried", async () => {
    const w = world({ access_token: "a0", expires_at: T0 });
    w.refuseWith(new Error("Twitch refused the refresh_token request: Invalid refresh token"));
    const first = await w.refresher.get();
    expect(first).toEqual({ kind: "failed", error: expect.any(Error) });
    expect(first.kind === "failed" && first.error?.message).toContain("Invalid refresh token");

    w.advance(RETRY_AFTER_MS - 1);
    expect(await w.refresher.get()).toEqual({ kind: "failed", error: null });
    expect(w.calls.refresh).toHaveLength(1);

    w.refuseWith(null);
    w.advance(1);
    expect(await tokenOf(w.refresher)).toBe("a1");
    expect(w.calls.refresh).toHaveLength(2);
  });

  test("a token Twitch refused is not handed out again; after a minute it is refreshed", async () => {
    const w = world();
    expect(await tokenOf(w.refresher)).toBe("a0");
    w.refresher.refused("a0");
    expect(await w.refresher.get()).toEqual({ kind: "failed", error: null });
    w.advance(RETRY_AFTER_MS);
    expect(await tokenOf(w.refresher)).toBe("a1");
    expect(w.calls.refresh).toEqual(["a0"]);
  });

  test("a refusal of a token no longer held changes nothing", async () => {
    const w = world();
    await w.refresher.get();
    w.refresher.refused("someone-else");
    expect(await tokenOf(w.refresher)).toBe("a0");
  });

  test("a newer token stored meanwhile (another process refreshed) is taken instead of refreshing", async () => {
    const w = world();
    await w.refresher.get();
    w.advance(HOUR);
    w.state.stored = { access_token: "elsewhere", expires_at: T0 + 5 * HOUR };
    expect(await tokenOf(w.refresher)).toBe("elsewhere");
    expect(w.calls.refresh).toEqual([]);
  });

  test("nothing stored: none; after reset, what is stored now is loaded at once", async () => {
    const w = world(null);
    expect(await w.refresher.get()).toEqual({ kind: "none" });
    w.state.stored = { access_token: "b0", expires_at: T0 + HOUR };
    // Held "none" is not cached: the next ask loads again.
    expect(await tokenOf(w.refresher)).toBe("b0");
    w.state.stored = { access_token: "c0", expires_at: T0 + HOUR };
    expect(await tokenOf(w.refresher)).toBe("b0");
    w.refresher.reset();
    expect(await tokenOf(w.refresher)).toBe("c0");
  });
});
