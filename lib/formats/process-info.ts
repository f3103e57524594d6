// ## Process facts, from text or terms, into ProcessInfo
//
// The formats spell the same facts differently: ejabberd writes
// `initial_call = mod_muc_room:init/1`, recon `{initial_call,{proc_lib,init_p,5}}`,
// IEx `{:initial_call, {:proc_lib, :init_p, 5}}`, system_monitor either.
// Everything ends up as `M:F/A` text and plain numbers here, so the
// classifier's rules compare one spelling.

import { print, type ErlTerm } from "../erlang-term";
import type { ProcessInfo } from "./types";

/** An empty ProcessInfo, to spread the known facts over. */
export function emptyInfo(): ProcessInfo {
  return {
    registeredName: null,
    initialCall: null,
    currentFunction: null,
    ancestors: [],
    application: null,
    memory: null,
    reductions: null,
    currentStack: [],
    exit: null,
    killed: false,
  };
}

/** Erlang module atoms print without quotes in `M:F/A` (`'Elixir.Foo':bar/1` reads worse than `Elixir.Foo:bar/1`). */
function unquoted(t: ErlTerm): string {
  return t.kind === "atom" ? t.value : print(t);
}

/** `{M,F,A}` → `M:F/A`; any other term → its printed text; null for `undefined`/`[]`. */
export function mfaText(t: ErlTerm | undefined): string | null {
  if (!t) return null;
  if (t.kind === "tuple" && t.elements.length === 3) {
    const [m, f, a] = t.elements;
    if (m?.kind === "atom" && f?.kind === "atom" && a) {
      const arity = a.kind === "list" ? String(a.elements.length) : print(a);
      return `${m.value}:${f.value}/${arity}`;
    }
  }
  if (t.kind === "atom" && t.value === "undefined") return null;
  if (t.kind === "list" && t.elements.length === 0) return null;
  return unquoted(t);
}

/** `{M,F,A}` or `M:F/A` written as text (system_monitor prints either). */
export function mfaFromText(text: string): string | null {
  const s = text.trim();
  if (s === "" || s === "undefined" || s === "[]") return null;
  const m = /^\{\s*'?([^,']+)'?\s*,\s*'?([^,']+)'?\s*,\s*(\d+)\s*\}$/.exec(s);
  return m ? `${m[1]}:${m[2]}/${m[3]}` : s;
}

/** A registered name as text: `[]`, `undefined` and empty mean none; quotes are dropped. */
export function nameFromText(text: string): string | null {
  const s = text.trim();
  if (s === "" || s === "[]" || s === "undefined") return null;
  return s.length >= 2 && s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : s;
}

/** Non-negative safe integer from text, or null. */
export function intFromText(text: string | undefined): number | null {
  if (text === undefined) return null;
  const s = text.trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Non-negative safe integer from a term, or null. */
export function intFromTerm(t: ErlTerm | undefined): number | null {
  return t?.kind === "integer" && t.value >= 0n && t.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(t.value) : null;
}

/**
 * `[<0.5004.3>,mod_bosh_r2webusers,'mod_muc_sup_x.org',ejabberd_sup]` → the
 * names, quotes dropped. Ancestors are atoms and pids only, so a split on
 * commas is exact.
 */
export function ancestorsFromText(text: string): string[] {
  const s = text.trim().replace(/^\[/, "").replace(/\]$/, "");
  if (s.trim() === "") return [];
  return s.split(",").map((x) => nameFromText(x) ?? "").filter((x) => x !== "");
}

/**
 * ejabberd's `mod_muc_room` processes have no room JID in the watchdog's
 * line, only supervisors: `mod_muc_room_sup_<host>` (ejabberd ≥ 21) or
 * `mod_muc_sup_<host>` / `ejabberd_mod_muc_sup_<host>` (older). The host is
 * the virtual host (the server host mod_muc was started for), whose MUC
 * service the process belongs to; not the MUC host (`conference.<host>`).
 */
export function mucServiceOf(ancestors: readonly string[]): string | null {
  for (const a of ancestors) {
    const m = /^(?:ejabberd_)?mod_muc(?:_room)?_sup_(.+)$/.exec(a);
    if (m?.[1]) return m[1].toLowerCase();
  }
  return null;
}

/**
 * Splits `k1 = v1, k2 = [a,b], k3 = v3` at the top-level commas (brackets
 * and quotes respected) into a key → value record. Keys are kept as written.
 */
export function keyValues(text: string, separator: "=" | ":" = "="): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let quote = 0;
  let from = 0;
  const take = (to: number) => {
    const part = text.slice(from, to);
    const i = part.indexOf(separator);
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 91 || c === 123 || c === 40) depth++;
    else if (c === 93 || c === 125 || c === 41) depth--;
    else if (c === 44 && depth === 0) {
      take(i);
      from = i + 1;
    }
  }
  take(text.length);
  return out;
}

const PID_RE = /^<(\d+)\.(\d+)\.(\d+)>$/;

/** `<0.1.0>` / `#PID<0.1.0>` → canonical `<0.1.0>`; null for anything else. */
export function canonicalPid(text: string): string | null {
  const s = text.trim().replace(/^#PID/, "");
  const m = PID_RE.exec(s);
  return m ? `<${Number(m[1])}.${Number(m[2])}.${Number(m[3])}>` : null;
}
