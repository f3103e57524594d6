// ## Lines as GitLab's runner cuts them
//
// With timestamps on (FF_TIMESTAMPS), the runner writes what it has read of
// a line when a read ends inside it, and the rest later behind a `+` mark:
// `…Z 00O first piece` then `…Z 00O+rest`. These helpers cut a log's lines
// that way, for the tests that hold a cut log to the log uncut.

/** GitLab's stamp for line `k` (a second apart), with its space. */
export const gitlabStamp = (k: number) => `${new Date(Date.UTC(2026, 11, 4, 10, 0, 0) + k * 1000).toISOString().replace(/Z$/, "123Z")} `;

/** `line` in pieces of `width` characters (the last shorter); a surrogate pair is never split. */
export function cutPieces(line: string, width: number): string[] {
  const pieces: string[] = [];
  let from = 0;
  while (line.length - from > width) {
    let to = from + Math.max(1, width);
    const c = line.charCodeAt(to - 1);
    if (c >= 0xd800 && c <= 0xdbff) to++;
    pieces.push(line.slice(from, to));
    from = to;
  }
  pieces.push(line.slice(from));
  return pieces;
}

/**
 * Line `line` (the `k`th) as the runner writes it: behind `stamp` and `mark` (`00O`, `01E`), a
 * space, or `+` for each piece after the first when it is longer than `width` characters.
 */
export function gitlabLines(line: string, k: number, width: number, mark = "00O", stamp = gitlabStamp): string[] {
  return cutPieces(line, width).map((piece, i) => `${stamp(k)}${mark}${i === 0 ? " " : "+"}${piece}`);
}
