// ## Is this term written in Elixir?
//
// `syntax: "auto"` needs a cheap yes/no before parsing. Printed Erlang terms
// never contain, outside quotes, an identifier starting with an uppercase
// letter (that would be a variable), `%`, `#PID<`, `#Reference<` or an atom
// written `:name` after a separator; printed Elixir terms almost always do
// (every atom is `:name` or `Alias.Name`, every pid `#PID<...>`). So one
// quote-aware pass over a bounded window decides, and a term with no atoms
// and no pids (`[1, 2]`) reads the same in both languages anyway.
//
// See elixir.md for what each Elixir form becomes.

/** How far `detectElixir` looks (UTF-16 units from `start`). */
const WINDOW = 2048;

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => (c >= 97 && c <= 122) || c === 95;
const isWord = (c: number) => isUpper(c) || isLower(c) || (c >= 48 && c <= 57) || c === 64;
/** Characters after which an Elixir value may start. */
const isSeparator = (c: number) => c === 91 || c === 123 || c === 40 || c === 44 || c === 32 || c === 10 || c === 9 || c === 13 || c === 124 || c === 62 || Number.isNaN(c);

/** Does the term at `start` look like Elixir syntax (IEx / `inspect`)? */
export function detectElixir(text: string, start = 0): boolean {
  const end = Math.min(text.length, start + WINDOW);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      // Skip quoted text, escapes included; `"key": ` is an Elixir keyword key.
      let q = i + 1;
      while (q < end && text.charCodeAt(q) !== c) q += text.charCodeAt(q) === 92 ? 2 : 1;
      if (text.charCodeAt(q + 1) === 58 && text.charCodeAt(q + 2) === 32) return true;
      i = q;
    } else if (c === 35) {
      // #PID< #Reference< #Function< are Elixir; #Ref< #Fun< #Port< #{ #rec{ are Erlang (or both).
      if (text.startsWith("#PID<", i) || text.startsWith("#Reference<", i) || text.startsWith("#Function<", i)) return true;
      let q = i + 1;
      while (q < end && isWord(text.charCodeAt(q))) q++;
      i = q - 1;
    } else if (c === 37) {
      const n = text.charCodeAt(i + 1);
      if (n === 123 || isUpper(n)) return true; // %{ or %Struct{
    } else if (c === 36) {
      i++; // $x: a character literal, whatever x is
    } else if (c === 58) {
      // `:ok` after a separator (Erlang's `mod:fun` has a word before it).
      const n = text.charCodeAt(i + 1);
      if (isSeparator(text.charCodeAt(i - 1)) && (isLower(n) || isUpper(n) || n === 34)) return true;
      // `key: value`
      if (n === 32 && isWord(text.charCodeAt(i - 1))) return true;
    } else if (isUpper(c) && !isWord(text.charCodeAt(i - 1))) {
      // An alias (`Foo.Bar`, `Supavisor.MetricsCleaner`) or a `Key:`. Skip
      // Erlang's `16#FF` (digits before `#`) and exponents (`1.0E5`).
      const prev = text.charCodeAt(i - 1);
      if (prev === 35 || prev === 46) continue;
      return true;
    }
  }
  return false;
}
