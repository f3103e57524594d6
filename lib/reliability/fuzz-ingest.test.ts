// Thousands of random mutations of the real fixtures through the whole
// ingest (upload handler → scanner → classifier → database): each must end
// in success or a 4xx with a message, never a 500 or a throw. Seeded, so a
// failure names the case that reproduces it. FUZZ_CASES=20000 for a longer run.
import { describe, expect, test } from "vitest";
import { POST as postLogs } from "@/app/api/logs/route";
import { testDatabaseKinds } from "@/lib/testing/databases";
import { useTestDatabase } from "@/lib/testing/use-test-database";
import { fixture, rawRequest, seedFixtureNames } from "@/lib/testing/api";

const CASES = Number(process.env.FUZZ_CASES ?? 3000);
function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const PIECES = ["[", "]", "{", "}", "<<", ">>", "<", ">", '"', "'", ",", "|", "...", "....", "\n", "\\", "$", "#", "#{", "=>", "\u0000", "\uFFFD", "中文", "\u202E", "<span>", "&lt;", "99999999999999999999999", "undefined", "message queue len of pid <0.1.0> : ", "processes sorted by queue_len desc:\n"];

function mutate(text: string, random: ReturnType<typeof createRandom>): string {
  let out = text;
  const steps = random.int(1, 4);
  for (let s = 0; s < steps; s++) {
    const at = random.int(0, out.length);
    const len = random.int(0, 40);
    switch (random.int(0, 5)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + len);
        break;
      case 1:
        out = out.slice(0, at) + (PIECES[random.int(0, PIECES.length - 1)] as string) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at) + out.slice(at, at + len).repeat(random.int(2, 5)) + out.slice(at);
        break;
      case 3:
        out = out.slice(0, at);
        break;
      case 4: {
        const lines = out.split("\n");
        const i = random.int(0, lines.length - 1);
        const j = random.int(0, lines.length - 1);
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
        out = lines.join("\n");
        break;
      }
      default:
        out = out.slice(0, at) + String.fromCharCode(random.int(0, 0xffff)) + out.slice(at + 1);
    }
  }
  return out;
}

describe.each(testDatabaseKinds())("on %s", (kind) => {
useTestDatabase(kind, "fuzz");

// PostgreSQL answers over a socket: a third of the cases keeps the run short.
const cases = kind === "postgres" ? Math.ceil(CASES / 3) : CASES;
test(`mutated fixtures through the whole ingest end in success or a 4xx`, async () => {
  const sources = seedFixtureNames().map((name) => ({ name, text: fixture(name) }));
  const random = createRandom(20261125);
  const outcomes = new Map<number, number>();
  for (let i = 0; i < cases; i++) {
    const source = sources[random.int(0, sources.length - 1)] as { name: string; text: string };
    const text = mutate(source.text, random);
    let status: number;
    try {
      const response = await postLogs(rawRequest(text, "text/plain", { query: `?filename=fuzz-${i}.log&job=fuzz-${i}` }));
      status = response.status;
      const body = (await response.json()) as { error?: { message?: string } };
      if (status >= 400) expect(body.error?.message, `case ${i} (${source.name})`).toBeTruthy();
    } catch (error) {
      throw new Error(`case ${i} (${source.name}) threw: ${error instanceof Error ? error.stack : error}`);
    }
    expect([200, 201, 409, 413, 415, 422], `case ${i} (${source.name}) answered ${status}`).toContain(status);
    outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
  }
  console.log(`fuzz outcomes by status: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  expect(outcomes.get(201) ?? 0).toBeGreaterThan(0);
  expect([...outcomes.keys()].some((status) => status >= 400)).toBe(true);
}, 600_000);
});
