import { expect, test } from "bun:test";
import { scopeRefusal } from "./trpc.ts";

test.each([
  [{ via: "session" as const }, "mutation" as const, null],
  [{ via: "token" as const, scope: "full" as const }, "mutation" as const, null],
  [{ via: "token" as const, scope: "read" as const }, "query" as const, null],
  [{ via: "token" as const, scope: "read" as const }, "subscription" as const, null],
  [{ via: "token" as const, scope: "read" as const }, "mutation" as const, "can only read"],
  [{ via: "token" as const, scope: "metrics" as const }, "query" as const, "metrics only"],
])("%o calling a %s → %p", (caller, type, refused) => {
  const answer = scopeRefusal(caller, type);
  if (refused === null) expect(answer).toBeNull();
  else expect(answer).toContain(refused);
});
