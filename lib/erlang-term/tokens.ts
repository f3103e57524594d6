// ## Token vocabulary
//
// Token kinds are small integers so the parser can compare them without
// string work, and everything else about a kind (how to name it in an error
// message) lives here as data, acorn `tokentype.js` style. The tokenizer
// (tokenizer.ts) produces them; the grammar (parser.ts) only speaks in these.

export const T = {
  /** End of the text (or of the range being tokenized). */
  EOF: 0,
  /** Something the tokenizer could not read; details are on the tokenizer. */
  Error: 1,
  /** Bare or quoted atom; `quoted` tells which (a bare `fun` starts a fun). */
  Atom: 2,
  /** Integer, including `16#ff`, `$a` and negative literals. */
  Integer: 3,
  Float: 4,
  /** `"..."`, with adjacent literals (`"ab" "cd"`) already joined. */
  String: 5,
  /** `<a.b.c>`. */
  Pid: 6,
  /** `#Ref<...>`. */
  Ref: 7,
  /** `#Fun<...>` (the ~w/~p form of local funs). */
  Fun: 8,
  /** `#Port<...>`. */
  Port: 9,
  LBrace: 10,
  RBrace: 11,
  LBracket: 12,
  RBracket: 13,
  LParen: 14,
  RParen: 15,
  /** `<<` */
  BinOpen: 16,
  /** `>>` */
  BinClose: 17,
  /** `#{` opens a map; kept as one token because `#` alone starts a record. */
  MapOpen: 18,
  /** `#` followed by a record name. */
  Hash: 19,
  Comma: 20,
  Bar: 21,
  /** `=>` (also `:=`, which is accepted for maps typed by hand). */
  Arrow: 22,
  Equals: 23,
  Colon: 24,
  Slash: 25,
  Minus: 26,
  /** `.`: only meaningful as an optional full stop after a whole term. */
  Dot: 27,
  /** `...`: ~P cut a term here; the term around it is still well formed. */
  Ellipsis: 28,
  /** `....` or longer: the monitor cut its output here; nothing that follows belongs to the term. */
  Cut: 29,
  /** Elixir only: a keyword key `name:` / `"quoted key":` (text is the atom name), as in `[a: 1]`, `%{a: 1}`. */
  Key: 30,
  /** Elixir only: `%Name{` opening a struct (text is the module atom, `Elixir.Name`). */
  StructOpen: 31,
} as const;

export type TokenKind = (typeof T)[keyof typeof T];

/** How a token kind is named in error messages ("expected '>>' ..."). */
export const tokenLabels: Record<TokenKind, string> = {
  [T.EOF]: "end of input",
  [T.Error]: "invalid text",
  [T.Atom]: "atom",
  [T.Integer]: "integer",
  [T.Float]: "float",
  [T.String]: "string",
  [T.Pid]: "pid",
  [T.Ref]: "reference",
  [T.Fun]: "fun",
  [T.Port]: "port",
  [T.LBrace]: "'{'",
  [T.RBrace]: "'}'",
  [T.LBracket]: "'['",
  [T.RBracket]: "']'",
  [T.LParen]: "'('",
  [T.RParen]: "')'",
  [T.BinOpen]: "'<<'",
  [T.BinClose]: "'>>'",
  [T.MapOpen]: "'#{'",
  [T.Hash]: "'#'",
  [T.Comma]: "','",
  [T.Bar]: "'|'",
  [T.Arrow]: "'=>'",
  [T.Equals]: "'='",
  [T.Colon]: "':'",
  [T.Slash]: "'/'",
  [T.Minus]: "'-'",
  [T.Dot]: "'.'",
  [T.Ellipsis]: "'...'",
  [T.Cut]: "'....'",
  [T.Key]: "keyword key",
  [T.StructOpen]: "'%Struct{'",
};

/** Names of token kinds, for `tokenize()` output and tests. */
export const tokenNames: Record<TokenKind, string> = Object.fromEntries(
  Object.entries(T).map(([name, kind]) => [kind, name]),
) as Record<TokenKind, string>;

/** A materialized token, as returned by `tokenize()` (the parser never builds these). */
export type Token = {
  kind: TokenKind;
  /** `tokenNames[kind]`, for readable test output. */
  name: string;
  /** The source text of the token (for strings, including quotes). */
  text: string;
  start: number;
  end: number;
};
