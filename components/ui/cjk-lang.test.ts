import { describe, expect, it } from "vitest";
import { cjkLang, hasCjk, splitCjk } from "./cjk-lang";

describe("CJK runs in user text", () => {
  it("finds Han, kana and Hangul, and nothing in Latin, Cyrillic or accented text", () => {
    for (const text of ["运维值班", "テスト", "ひらがな", "한국어", "a中b"]) expect(hasCjk(text), text).toBe(true);
    for (const text of ["snh-48#pocket48_76366191207121304@conference.easemob.com", "ü é ß", "Привет", "", "。，"]) expect(hasCjk(text), text).toBe(false);
  });

  it("names a run's language from its script: Hangul ko, kana ja, Han alone zh", () => {
    expect(cjkLang("运维值班")).toBe("zh");
    expect(cjkLang("東京テスト")).toBe("ja");
    expect(cjkLang("ひらがな")).toBe("ja");
    expect(cjkLang("서울")).toBe("ko");
  });

  it("splits a room JID into its Chinese name and the Latin rest, and joins back to the same text", () => {
    const jid = "运维值班@conference.im.example.cn";
    expect(splitCjk(jid)).toEqual([{ text: "运维值班", lang: "zh" }, { text: "@conference.im.example.cn" }]);
    const body = "<<\"你好，世界。 ok 再见\">> and 東京テスト, 서울 x";
    const pieces = splitCjk(body);
    expect(pieces).toEqual([
      { text: "<<\"" },
      { text: "你好，世界。", lang: "zh" },
      { text: " ok " },
      { text: "再见", lang: "zh" },
      { text: "\">> and " },
      { text: "東京テスト", lang: "ja" },
      { text: ", " },
      { text: "서울", lang: "ko" },
      { text: " x" },
    ]);
    expect(pieces.map((piece) => piece.text).join("")).toBe(body);
    // Spaces between CJK words stay in the run; a space at its end does not.
    expect(splitCjk("运维 值班 ")).toEqual([{ text: "运维 值班", lang: "zh" }, { text: " " }]);
    expect(splitCjk("plain")).toEqual([{ text: "plain" }]);
    expect(splitCjk("")).toEqual([]);
  });
});
