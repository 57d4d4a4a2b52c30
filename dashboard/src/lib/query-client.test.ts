import { expect, test } from "bun:test";
import { TRPCClientError } from "@trpc/client";
import { isUnauthorized } from "./query-client";

const trpcError = (code: string, httpStatus: number) =>
  TRPCClientError.from({ error: { message: "x", code: -32001, data: { code, httpStatus } } });

test.each([
  { name: "a tRPC 401", error: trpcError("UNAUTHORIZED", 401), expected: true },
  { name: "a tRPC 403 (signed in, not allowed)", error: trpcError("FORBIDDEN", 403), expected: false },
  { name: "a tRPC 404", error: trpcError("NOT_FOUND", 404), expected: false },
  { name: "a network failure", error: new TypeError("Failed to fetch"), expected: false },
])("$name → sign in again: $expected", ({ error, expected }) => {
  expect(isUnauthorized(error)).toBe(expected);
});
