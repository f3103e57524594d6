import { describe, expect, it } from "vitest";
import { looksLikeHtml, parse, parseTerm, print } from "./index";
import { decodeHtml } from "./html";
import { withoutSpans } from "./testing/helpers";

const same: [string, string][] = [
  ["&lt;0.12.0&gt;", "<0.12.0>"],
  ["&lt;&lt;&quot;x&quot;&gt;&gt;", '<<"x">>'],
  ["{&#39;$gen_call&#39;,a}", "{'$gen_call',a}"],
  ['{x,&quot;a &amp; b&quot;}', '{x,"a & b"}'],
  ["&lt;&lt;&quot;&#x4e2d;&#25991;&quot;/utf8&gt;&gt;", '<<"中文"/utf8>>'],
  ["#{a =&gt; 1}", "#{a => 1}"],
  ["#Ref&lt;0.1.2.3&gt;", "#Ref<0.1.2.3>"],
  ['<span class="x">{a,</span>&lt;&lt;&quot;b&quot;&gt;&gt;}', '{a,<<"b">>}'],
  ['&lt;&lt;"in <b>bold</b> &lt;b&gt;"&gt;&gt;', '<<"in bold <b>">>'],
  ["[a,<br>b]", "[a,b]"],
  ["{a,&nbsp;b}", "{a,b}"],
];

describe("HTML text", () => {
  it.each(same)("%s reads as %s", (html, raw) => {
    expect(withoutSpans(parse(html))).toEqual(withoutSpans(parse(raw)));
  });

  it("never decodes raw console text", () => {
    const raw = '{<<"<script>">>,<<"&lt;">>,"&amp;"}';
    expect(looksLikeHtml(raw)).toBe(false);
    expect(print(parse(raw))).toBe(raw);
    expect(print(parse('[<0.1.2>,"a&amp;b"]'))).toBe('[<0.1.2>,"a&amp;b"]');
    // Evidence inside quotes does not count, so a lone string stays raw
    // unless the caller says it is HTML.
    expect(print(parse('"a &amp; b"'))).toBe('"a &amp; b"');
    expect(print(parse('"a &amp; b"', { html: true }))).toBe('"a & b"');
    // Forcing raw mode leaves entities alone.
    expect(print(parse('"&lt;"', { html: false }))).toBe('"&lt;"');
  });

  it("auto-detects from the first evidence outside quotes", () => {
    expect(looksLikeHtml("{a,&lt;0.1.2&gt;}")).toBe(true);
    expect(looksLikeHtml('{"&lt;",<0.1.2>}')).toBe(false);
    expect(looksLikeHtml("{a,b}\n&lt;0.1.2&gt;")).toBe(false);
  });

  it("maps spans back into the HTML text", () => {
    const html = "{a,&lt;0.12.0&gt;,&lt;&lt;&quot;x&quot;&gt;&gt;}";
    const t = parse(html);
    if (t.kind !== "tuple") throw new Error("tuple expected");
    expect([t.start, t.end]).toEqual([0, html.length]);
    expect(t.elements.map((e) => html.slice(e.start, e.end))).toEqual(["a", "&lt;0.12.0&gt;", "&lt;&lt;&quot;x&quot;&gt;&gt;"]);
  });

  it("reports errors at positions in the HTML text", () => {
    expect(() => parse("{a,\n  &lt;&lt;1,2")).toThrow("expected ',' or '>>' in binary but found end of input at 2:14");
  });

  it("reads a long term from a long page in growing chunks", () => {
    const body = "[" + Array.from({ length: 5000 }, (_, i) => `{&lt;0.${i}.0&gt;,&quot;n${i}&quot;}`).join(",") + "]";
    const page = "<pre>" + "x ".repeat(10_000) + body + "</pre>" + "tail ".repeat(10_000);
    const start = page.indexOf("[");
    const r = parseTerm(page, { start });
    expect(r.end).toBe(start + body.length);
    expect(r.term?.kind === "list" && r.term.elements.length).toBe(5000);
  });

  it("decodes with a source map, never splitting an entity", () => {
    const d = decodeHtml("a&lt;b<i>c</i>&#x1F600;", 0, 3);
    expect(d.text).toBe("a<");
    expect(d.stoppedAt).toBe(5);
    const all = decodeHtml("a&lt;b<i>c</i>&#x1F600;");
    expect(all.text).toBe("a<bc😀");
    expect([...all.sourceStart.subarray(0, all.text.length)]).toEqual([0, 1, 5, 9, 14, 14]);
  });
});
