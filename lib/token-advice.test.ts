import { describe, expect, it } from "vitest";
import { hasBearerToken } from "./auth";
import { tokenWarnings } from "./token-advice";

const LONG = "3f6c1d0e9a8b7c6d5e4f3a2b1c0d9e8f";
const OTHER = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

describe("tokenWarnings", () => {
  it("no tokens, or two long distinct ones: nothing to say", () => {
    expect(tokenWarnings({})).toEqual([]);
    expect(tokenWarnings({ INGEST_TOKEN: LONG })).toEqual([]);
    expect(tokenWarnings({ INGEST_TOKEN: LONG, READ_TOKEN: OTHER })).toEqual([]);
    // An empty value is an unset one (as lib/env.ts and the request checks read it).
    expect(tokenWarnings({ INGEST_TOKEN: "", READ_TOKEN: "" })).toEqual([]);
  });

  it("READ_TOKEN alone: uploads stay open", () => {
    expect(tokenWarnings({ READ_TOKEN: LONG })).toEqual([expect.stringMatching(/^READ_TOKEN is set without INGEST_TOKEN/)]);
  });

  it("the same value for both: readers may write", () => {
    expect(tokenWarnings({ INGEST_TOKEN: LONG, READ_TOKEN: LONG })).toEqual([expect.stringMatching(/^READ_TOKEN and INGEST_TOKEN are the same/)]);
  });

  it("a short token: named with its length, a way to make a long one given", () => {
    expect(tokenWarnings({ INGEST_TOKEN: "secret", READ_TOKEN: OTHER })).toEqual([
      "INGEST_TOKEN is 6 characters long: nothing limits how many tokens a client may try, so use 16 or more (e.g. `openssl rand -hex 32`)",
    ]);
    expect(tokenWarnings({ INGEST_TOKEN: LONG, READ_TOKEN: "x".repeat(15) })).toEqual([expect.stringMatching(/^READ_TOKEN is 15 characters long/)]);
    expect(tokenWarnings({ INGEST_TOKEN: "x".repeat(16) })).toEqual([]);
  });

  it("a blank around a token: no bearer header can carry it", () => {
    for (const token of [`${LONG} `, ` ${LONG}`, `${LONG}\t`]) {
      // What the warning claims: the request check refuses the token even when it is sent as set.
      const request = new Request("http://localhost/api/logs", { method: "POST", headers: { authorization: `Bearer ${token}` } });
      expect(hasBearerToken(request, token)).toBe(false);
      expect(tokenWarnings({ INGEST_TOKEN: token })).toEqual([expect.stringMatching(/^INGEST_TOKEN starts or ends with a blank/)]);
    }
    expect(hasBearerToken(new Request("http://localhost/", { headers: { authorization: `Bearer ${LONG}` } }), LONG)).toBe(true);
  });
});
