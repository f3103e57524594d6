import { describe, expect, test, vi } from "vitest";
import { createTokenStore, readTokenInput, refusedForToken, tokenPromptText, UPLOAD_TOKEN_KEY, type TokenStorage } from "./upload-token";

function memoryStorage(): TokenStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const refusingStorage: TokenStorage = {
  getItem: () => {
    throw new Error("SecurityError");
  },
  setItem: () => {
    throw new Error("QuotaExceededError");
  },
  removeItem: () => {
    throw new Error("SecurityError");
  },
};

describe("readTokenInput", () => {
  test.each([
    ["s3cret", "s3cret"],
    ["  s3cret\n", "s3cret"],
    ["with space inside", "with space inside"],
    ["latin-1 é", "latin-1 é"],
  ])("%j → %j", (input, token) => {
    expect(readTokenInput(input)).toEqual({ ok: true, token });
  });

  test.each([
    ["", "Enter the upload token."],
    ["   ", "Enter the upload token."],
    ["two\nlines", "line break"],
    ["tab\tinside", "line break"],
    ["emoji 🔑", "cannot carry"],
  ])("%j is refused: %s", (input, words) => {
    const read = readTokenInput(input);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain(words);
  });
});

test("only a 401 means the token is missing or wrong", () => {
  expect([400, 401, 403, 413, 500, 0].map(refusedForToken)).toEqual([false, true, false, false, false, false]);
});

describe("tokenPromptText", () => {
  test.each([
    ["required", 0, /^Uploading to this dashboard needs its upload token .*until it is closed\.$/],
    ["required", 1, /needs its upload token .* 1 file waits for it\.$/],
    ["rejected", 2, /^The server refused that upload token\. .* 2 files wait for it\.$/],
    ["rejected", 0, /enter it again\.$/],
  ] as const)("%s, %d waiting", (reason, waiting, text) => {
    expect(tokenPromptText(reason, waiting)).toMatch(text);
  });

  test("never names the token itself", () => {
    expect(tokenPromptText("rejected", 1)).not.toMatch(/Bearer/);
  });
});

describe("createTokenStore", () => {
  test("keeps the token in the storage, under one key, and forgets it there", () => {
    const storage = memoryStorage();
    const store = createTokenStore(storage);
    expect(store.get()).toBeNull();
    store.set("s3cret");
    expect(storage.data.get(UPLOAD_TOKEN_KEY)).toBe("s3cret");
    expect(store.get()).toBe("s3cret");
    store.forget();
    expect(storage.data.size).toBe(0);
    expect(store.get()).toBeNull();
  });

  test("reads a token stored before (another page of the same tab)", () => {
    const storage = memoryStorage();
    storage.setItem(UPLOAD_TOKEN_KEY, "earlier");
    expect(createTokenStore(storage).get()).toBe("earlier");
  });

  test.each([
    ["no storage", null],
    ["a storage that refuses", refusingStorage],
  ])("with %s it keeps the token in memory", (_label, storage) => {
    const store = createTokenStore(storage);
    store.set("s3cret");
    expect(store.get()).toBe("s3cret");
    store.forget();
    expect(store.get()).toBeNull();
  });

  test("tells subscribers of every change until they unsubscribe", () => {
    const store = createTokenStore(memoryStorage());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.set("a");
    store.forget();
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.set("b");
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
