// ## How far apart two names are

/**
 * Levenshtein distance between `a` and `b` (insertions, deletions, substitutions), or `max + 1` as
 * soon as it is known to be more than `max`: the job filter's "stored jobs like it" and a query
 * parameter's "did you mean".
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, next[j]!);
    }
    if (best > max) return max + 1;
    row = next;
  }
  return row[b.length]!;
}
