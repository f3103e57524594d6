import { describe, expect, test } from "vitest";
import { AppError, errorResponse } from "./errors";
import { requireToken, uploadNeedsToken } from "./auth";

const upload = (authorization?: string) =>
  new Request("http://127.0.0.1/api/logs", { method: "POST", headers: authorization ? { authorization } : {} });

describe("uploadNeedsToken (what the pages tell the upload form)", () => {
  test.each([
    [{}, false],
    [{ INGEST_TOKEN: "" }, false],
    [{ INGEST_TOKEN: "s3cret" }, true],
    // The read token is no upload token: pages reachable with it still ask for INGEST_TOKEN.
    [{ READ_TOKEN: "r34d" }, false],
  ])("%j → %s", (env, needed) => {
    expect(uploadNeedsToken(env)).toBe(needed);
  });
});

describe("requireToken", () => {
  test("open when no token is configured", () => {
    expect(() => requireToken(upload(), undefined, "uploading logs")).not.toThrow();
  });

  test.each([
    ["no header", undefined],
    ["a wrong token", "Bearer nope"],
    ["another scheme", "Basic czNjcmV0"],
  ])("401 with %s", (_label, header) => {
    expect(() => requireToken(upload(header), "s3cret", "uploading logs")).toThrow(AppError);
  });

  test("its 401 says how to authenticate: WWW-Authenticate: Bearer with a realm (RFC 6750)", () => {
    let response: Response | undefined;
    try {
      requireToken(upload("Bearer nope"), "s3cret", "uploading logs");
    } catch (error) {
      response = errorResponse(error);
    }
    expect(response?.status).toBe(401);
    expect(response?.headers.get("www-authenticate")).toMatch(/^Bearer realm="[^"]+"$/);
  });

  test("passes with the bearer token", () => {
    expect(() => requireToken(upload("Bearer s3cret"), "s3cret", "uploading logs")).not.toThrow();
  });
});
