import { describe, expect, it } from "vitest";
import { bidiControlName, hasBidiControls, splitBidiControls } from "./bidi-controls";

describe("bidirectional controls in log text", () => {
  it("finds each of the nine reordering controls, and leaves the marks right-to-left text uses", () => {
    for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(hasBidiControls(`a${String.fromCharCode(code)}b`), code.toString(16)).toBe(true);
    }
    // LRM, RLM, ALM, ZWJ: no reordering of their own.
    expect(hasBidiControls("שלום\u200f abc \u200e \u061c \u200d")).toBe(false);
    expect(hasBidiControls("中文房间@conference.example.org")).toBe(false);
  });

  it("splits text so that each control stands alone, and joins back to the same text", () => {
    const text = "\u202Einvoice_\u202Efdp.exe\u2066x\u2069";
    const pieces = splitBidiControls(text);
    expect(pieces).toEqual([
      { text: "\u202E", control: true },
      { text: "invoice_", control: false },
      { text: "\u202E", control: true },
      { text: "fdp.exe", control: false },
      { text: "\u2066", control: true },
      { text: "x", control: false },
      { text: "\u2069", control: true },
    ]);
    expect(pieces.map((p) => p.text).join("")).toBe(text);
    expect(splitBidiControls("plain")).toEqual([{ text: "plain", control: false }]);
    expect(splitBidiControls("")).toEqual([]);
  });

  it("names a control for its title", () => {
    expect(bidiControlName("\u202E")).toBe("U+202E RIGHT-TO-LEFT OVERRIDE");
    expect(bidiControlName("\u2068")).toBe("U+2068 FIRST STRONG ISOLATE");
  });
});
