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

  test.each([
    ["no header", undefined, "no Authorization header was sent"],
    ["another scheme", "Basic czNjcmV0", 'the Authorization header uses the "Basic" scheme, not "Bearer <token>"'],
    ["the token with no scheme", "ghp_SuperSecretIngestToken1234567890", 'the Authorization header uses no scheme this endpoint knows, not "Bearer <token>"'],
    ["a colon after Bearer", "Bearer:s3cretTokenValue", 'the Authorization header uses no scheme this endpoint knows, not "Bearer <token>"'],
    ["an empty token (the CI variable unset)", "Bearer ", "the bearer token sent is empty (is the CI job's token variable set?)"],
    ["the read token", "Bearer r34d", "the token sent is READ_TOKEN, which reads; writing needs INGEST_TOKEN"],
    ["another token", "Bearer nope", "the token sent is not the one configured (INGEST_TOKEN)"],
  ])("its 401 with %s says what was wrong", (_label, header, why) => {
    try {
      requireToken(upload(header), "s3cret", "uploading logs", "r34d");
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).message).toBe(`uploading logs needs the bearer token: send Authorization: Bearer <token>; ${why}`);
    }
  });

  test("no part of a header that is not `<scheme> <credentials>` comes back in the message (it may be the token)", () => {
    for (const header of ["ghp_SuperSecretIngestToken1234567890", "Bearer:ghp_SuperSecret", "Bearer$ghp_SuperSecret", "x".repeat(12) + "SECRET value"]) {
      try {
        requireToken(upload(header), "s3cret", "uploading logs", undefined);
        expect.unreachable();
      } catch (error) {
        expect((error as AppError).message, header).not.toMatch(/ghp_|SuperSecret|SECRET|xxxx/);
      }
    }
  });

  test("a server token with a blank at an end: one who sends the token is told the blank is the server's", () => {
    for (const configured of ["s3cret ", " s3cret", "s3cret\n"]) {
      for (const [header, why] of [
        ["Bearer s3cret", /but for the blank the server's INGEST_TOKEN starts or ends with, which no header can carry/],
        ["Bearer s3cre", /not the one configured \(INGEST_TOKEN\)$/],
      ] as const) {
        try {
          requireToken(upload(header), configured, "uploading logs", undefined);
          expect.unreachable();
        } catch (error) {
          expect((error as AppError).message, JSON.stringify([configured, header])).toMatch(why);
        }
      }
    }
  });

  test("the read token is named only when one is configured and it was sent", () => {
    try {
      requireToken(upload("Bearer r34d"), "s3cret", "uploading logs", undefined);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).message).toMatch(/not the one configured \(INGEST_TOKEN\)$/);
    }
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
