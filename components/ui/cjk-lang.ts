// Chinese (and Japanese, Korean) in user text: room names, message bodies, job names from the logs.
// The pages are lang="en"; a screen reader reads a run of Han characters in the page's language
// (character by character, or not at all) unless the element holding it says its own. Decided
// from the text alone: Hangul is Korean, kana is Japanese, Han without either is Chinese.

export type CjkLang = "zh" | "ja" | "ko";

const SCRIPT = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\u30fc";
/** CJK punctuation and full-width forms (、。「」，：): read with the run they end or join. */
const PUNCT = "\\u3000-\\u303f\\uff00-\\uffef";
/** A run: from a CJK character to a CJK character or mark, with spaces and marks between. */
const RUN = new RegExp(`[${SCRIPT}](?:[${SCRIPT}${PUNCT}\\s]*[${SCRIPT}${PUNCT}])?`, "gu");
const ANY = new RegExp(`[${SCRIPT}]`, "u");
const KANA = /[\p{sc=Hiragana}\p{sc=Katakana}]/u;
const HANGUL = /\p{sc=Hangul}/u;

export const hasCjk = (text: string): boolean => ANY.test(text);

/** The language of a run of CJK text (one of splitCjk's). */
export function cjkLang(run: string): CjkLang {
  if (HANGUL.test(run)) return "ko";
  if (KANA.test(run)) return "ja";
  return "zh";
}

/** `text` in pieces that join back to it: runs of CJK text with their `lang`, and the rest without. */
export function splitCjk(text: string): { text: string; lang?: CjkLang }[] {
  const pieces: { text: string; lang?: CjkLang }[] = [];
  let at = 0;
  for (const match of text.matchAll(RUN)) {
    if (match.index > at) pieces.push({ text: text.slice(at, match.index) });
    pieces.push({ text: match[0], lang: cjkLang(match[0]) });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}
