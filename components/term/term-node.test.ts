// The term tree writes what the printer writes where ~P or the shell cut a map's entries or a
// record's fields: one `...`, not `... => ...` or `... = ...`.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { parseTerm } from "@/lib/erlang-term";
import { TermNode } from "./term-node";

const shown = (text: string) =>
  renderToStaticMarkup(createElement(TermNode, { term: parseTerm(text).term! }))
    .replace(/<[^>]+>/g, "")
    .replace(/&gt;/g, ">");

describe("TermNode: cut entries and fields", () => {
  test("a record the shell cut, and a map ~P cut, show one '...' where the rest was", () => {
    expect(shown("#state{socket = a,...}")).toBe("#state{socket = a,...}");
    expect(shown("#{k => 1,...}")).toBe("#{k => 1,...}");
    // Fields and entries that are there keep their names.
    expect(shown("#rec{a = 1,b = 2}")).toBe("#rec{a = 1,b = 2}");
  });
});
