// npm run analyze -- FILE... [--json] [--threshold N] [--utc-offset ±HH:MM]     (FILE `-`: standard input)
//
// Thin shell over lib/formats (every format: the monitor's runs, ejabberd's
// watchdog, recon, system_monitor, etop; see lib/formats/index.ts): reads
// each file as a stream (gzip, told by its magic bytes, inflated), prints
// each entry of the report (or of the JSON contract, each with its
// `sourceKind`) as soon as it is read, and reports unreadable logs as
// `file:line:column: what` on stderr with exit code 1.
//
// Output streams: what is printed is let go, so memory stays that of one
// section however long the log (a report held whole, then written at once,
// grew with the log: 1.9 GB of memory for a 1 GB log, and nothing printed
// for a minute), and writes wait for a slow reader (a pipe into `jq`).
// The process ends when the output has drained, never by process.exit()
// (which cut a pipe's output off at 64 KiB, with exit code 0).

import { once } from "node:events";
import { basename, isAbsolute, resolve } from "node:path";
import { formatSnapshotBlock, formatSummary, type SnapshotAnalysis } from "../lib/formats/analyze";
import { streamSnapshotBytes, streamSnapshotFile } from "../lib/formats/analyze-file";
import { incidentThresholdSchema } from "../lib/env";
import { GzipError } from "../lib/gzip";
import { MonitorLogError, type UnreadMarkers, unreadText } from "../lib/monitor-log";
import { terminalSafe, terminalSafeJson } from "../lib/terminal-text";
import { parseUtcOffset, UTC_OFFSET_HINT } from "../lib/validation/params";
import { uploadMetaSchema } from "../lib/validation/upload";
import { loadDotEnv } from "./dot-env";

const USAGE = `usage: npm run -s analyze -- [options] FILE...

Reads CI console logs (and ejabberd watchdog warnings, recon, system_monitor and
etop output) and prints, for each monitor run or snapshot found, what the stuck
process is: muc_room, sql, rpc, gen_call, dead or unknown, with its subject and
the evidence that decided it.

  FILE                  a log file, gzip or not (told by its bytes); - reads standard input
  --json                the JSON contract ({"builds":[…],"warnings":[…],"errors":[…]}, see
                        the README) instead of the report
  --threshold N         queue length at or above which a run is an incident, a whole
                        number, 1 or more (default: INCIDENT_THRESHOLD, else 100)
  --utc-offset ±HH:MM   the offset of times the logs print without a zone
                        (default: LOG_UTC_OFFSET, else Z)
  --job NAME            the job of every entry, over what the log says (as an upload's job=)
  --number N, --url URL the build number and CI URL of the log's monitor run (one FILE, one run:
                        \`curl "$BUILD_URL/consoleText" | npm run -s analyze -- --number 7 -\`)
  -h, --help            this text
  --                    what follows is a FILE, even if it starts with -

Relative FILE paths are read from the folder npm was run in. Entries are printed
as they are read. Exit code: 0 when every file read, 1 when one did not (each
said on stderr as file:line:column: what; the others still reported), 2 for a
usage error. npm prints nothing of its own here (the project's .npmrc is npm's
-s): the JSON is all there is on standard output, with or without -s.
`;

/** An option the log contradicts (`--number` for a log of several runs), at the line that does. */
class OptionConflict extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE.split("\n")[0]}   (--help: the options)\n`);
  process.exit(2); // nothing written to stdout yet: nothing to drain
}

/** The value of the option at `args[i]` (`--name=value` or `--name value`), and the index of the last argument it took. */
function optionValue(args: string[], i: number): [string | undefined, number] {
  const a = args[i] ?? "";
  return a.includes("=") ? [a.slice(a.indexOf("=") + 1), i] : [args[i + 1], i + 1];
}

/**
 * A threshold as typed, by the rule the dashboard's INCIDENT_THRESHOLD follows (so that the CLI and
 * the pages never disagree on a log): a whole number of messages, 1 or more. An empty value is none.
 */
function parseThreshold(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const parsed = incidentThresholdSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Writes to stdout, waiting when the reader is slower (a pipe): memory holds what is not read yet, a little. */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/**
 * The JSON contract, written as it comes: exactly what `JSON.stringify({ builds }, null, 2)` writes
 * for the whole list (each entry indented in the list), with the characters a terminal would obey
 * escaped (the same JSON value).
 */
function jsonOutput() {
  let count = 0;
  return {
    start: () => write('{\n  "builds": ['),
    entries: (builds: SnapshotAnalysis[]) => {
      let text = "";
      for (const b of builds) {
        text += `${count++ === 0 ? "\n" : ",\n"}${JSON.stringify(b, null, 2).replace(/^/gm, "    ")}`;
      }
      return write(terminalSafeJson(text));
    },
    /** The list closed, then what stderr said, for a script that reads only this: `{ builds, warnings, errors }`. */
    end: (notes: Notes) => {
      const rest = JSON.stringify({ warnings: notes.warnings, errors: notes.errors }, null, 2).slice(1);
      return write(terminalSafeJson(`${count === 0 ? "]" : "\n  ]"},${rest}\n`));
    },
  };
}

/** What stderr says of the files, one line each, without the newline: the JSON carries them too. */
type Notes = { warnings: string[]; errors: string[] };

/** The readable report, a block per entry as it comes, the summary last; log text shown, not obeyed. */
function reportOutput() {
  let runs = 0;
  let incidents = 0;
  return {
    start: async () => undefined,
    entries: (builds: SnapshotAnalysis[]) => {
      let text = "";
      for (const b of builds) {
        runs++;
        if (b.incident) incidents++;
        text += `${terminalSafe(formatSnapshotBlock(b))}\n\n`;
      }
      return write(text);
    },
    // The notes went to stderr as they came: the report ends with its summary.
    end: () => write(`${formatSummary(runs, incidents)}\n`),
  };
}

async function main(): Promise<number> {
  // INCIDENT_THRESHOLD and LOG_UTC_OFFSET from the server's .env files too: the CLI and the pages agree on a log.
  loadDotEnv();
  const files: string[] = [];
  let json = false;
  let threshold: number | undefined;
  let localOffset: string | undefined;
  /** What the options say of the builds, over what the logs say (an upload's metadata). */
  const meta: { job?: string; number?: number; url?: string } = {};
  const args = process.argv.slice(2);
  let optionsEnd = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (optionsEnd) files.push(a);
    else if (a === "--") optionsEnd = true;
    else if (a === "--json") json = true;
    else if (a === "--threshold" || a.startsWith("--threshold=")) {
      let v: string | undefined;
      [v, i] = optionValue(args, i);
      const n = parseThreshold(v);
      if (n === null) usage(`--threshold wants a whole number of messages, 1 or more, got ${v === undefined ? "nothing" : JSON.stringify(v)}`);
      threshold = n;
    } else if (a === "--utc-offset" || a.startsWith("--utc-offset=")) {
      let v: string | undefined;
      [v, i] = optionValue(args, i);
      const offset = v === undefined ? null : parseUtcOffset(v);
      if (offset === null) usage(`--utc-offset wants ${UTC_OFFSET_HINT}, got ${v ?? "nothing"}`);
      localOffset = offset;
    } else if (["--job", "--number", "--url"].some((name) => a === name || a.startsWith(`${name}=`))) {
      const name = a.replace(/^--/, "").replace(/=.*$/s, "") as "job" | "number" | "url";
      let v: string | undefined;
      [v, i] = optionValue(args, i);
      const parsed = uploadMetaSchema.shape[name].safeParse(v);
      if (v === undefined || !parsed.success || parsed.data === undefined) {
        usage(`--${name}: ${v === undefined ? "no value" : (parsed.error?.issues[0]?.message ?? "no value")} (got ${JSON.stringify(v ?? "")})`);
      }
      if (name === "number") meta.number = parsed.data as number;
      else meta[name] = parsed.data as string;
    } else if (a === "-h" || a === "--help") {
      await write(USAGE);
      return 0;
    } else if (a.startsWith("--") || (a.startsWith("-") && a !== "-")) usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) usage("no log file given");
  if ((meta.number !== undefined || meta.url !== undefined) && files.length > 1) usage("--number and --url name one build: give one FILE");
  if (files.filter((f) => f === "-").length > 1) usage("standard input (-) can be read once");
  // The dashboard's own settings are the defaults, so that the CLI and the pages agree on a log.
  if (threshold === undefined && process.env.INCIDENT_THRESHOLD) {
    const n = parseThreshold(process.env.INCIDENT_THRESHOLD);
    if (n === null) usage(`INCIDENT_THRESHOLD wants a whole number of messages, 1 or more, got ${JSON.stringify(process.env.INCIDENT_THRESHOLD)}`);
    threshold = n;
  }
  if (localOffset === undefined && process.env.LOG_UTC_OFFSET) {
    const offset = parseUtcOffset(process.env.LOG_UTC_OFFSET);
    if (offset === null) usage(`LOG_UTC_OFFSET wants ${UTC_OFFSET_HINT}, got ${process.env.LOG_UTC_OFFSET}`);
    localOffset = offset;
  }
  // `npm run` starts scripts in the project's folder; a relative path is the operator's, from where npm was run.
  const base = process.env.npm_lifecycle_event === "analyze" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();

  const out = json ? jsonOutput() : reportOutput();
  await out.start();
  const notes: Notes = { warnings: [], errors: [] };
  /** A line on stderr (log text in it shown, not obeyed), kept for the JSON. */
  const say = (kind: keyof Notes, line: string) => {
    notes[kind].push(line);
    process.stderr.write(`${terminalSafe(line)}\n`);
  };
  let failed = false;
  for (const file of files) {
    // Per file, what the repeated-build check needs of each entry (not the entries themselves).
    const numbered = new Map<string, number>();
    const checkRepeats = (builds: SnapshotAnalysis[]) => warnRepeatedBuilds(file, builds, numbered, (line) => say("warnings", line));
    let monitorRuns = 0;
    const sink = async (read: SnapshotAnalysis[]) => {
      const builds: SnapshotAnalysis[] = [];
      let conflict: OptionConflict | null = null;
      for (const b of read) {
        // As an upload applies them (lib/db/ingest.ts withMeta): a job for every entry; a number
        // names the CI build, its monitor run (a watchdog warning in its console has no number).
        // A URL too: every run would link to one CI page (the upload refuses it alike).
        if (b.sourceKind === "monitor" && (meta.number !== undefined || meta.url !== undefined) && monitorRuns++ > 0) {
          const named = meta.number !== undefined ? `--number ${meta.number}` : `--url ${meta.url}`;
          conflict = new OptionConflict(b.line, `${named} names one build, but the log holds more than one monitor run: leave it out, or give each run's log alone`);
          break;
        }
        builds.push({ ...b, job: meta.job ?? b.job, number: b.sourceKind === "monitor" ? (meta.number ?? b.number) : b.number, url: meta.url ?? b.url });
      }
      checkRepeats(builds);
      await out.entries(builds);
      if (conflict) throw conflict;
    };
    try {
      // `-`: standard input, as a pipe delivers it (`source` is then "-": no job or number from a file name).
      // A file is closed by streamSnapshotFile, also when it does not read.
      // Monitor lines behind a prefix the scanner does not know: their runs are missing from the report
      // (said once the file has read; a file with no run at all says it in its error).
      let unread: UnreadMarkers | null = null;
      const onUnread = (u: UnreadMarkers) => (unread = u);
      // Runs left out because the monitor's own call failed (`{badrpc,nodedown}`), said the same way.
      const dropped: string[] = [];
      const onDroppedRun = (d: { line: number; column: number; reason: string }) => dropped.push(`${file}:${d.line}:${d.column}: warning: ${d.reason}`);
      if (file === "-") {
        await streamSnapshotBytes(process.stdin as AsyncIterable<Uint8Array>, { source: "-", threshold, localOffset, onUnread, onDroppedRun }, sink);
      } else {
        const path = isAbsolute(file) ? file : resolve(base, file);
        await streamSnapshotFile(path, { source: basename(file), threshold, localOffset, onUnread, onDroppedRun }, sink);
      }
      const u = unread as UnreadMarkers | null;
      if (u) say("warnings", `${file}:${u.line}:${u.column}: warning: ${unreadText(u)}`);
      for (const line of dropped) say("warnings", line);
    } catch (e) {
      failed = true;
      // The entries read before the error were printed; this says where the file stopped.
      if (e instanceof MonitorLogError) say("errors", `${file}:${e.line}:${e.column}: ${e.reason}`);
      else if (e instanceof OptionConflict) say("errors", `${file}:${e.line}:1: ${e.message}`);
      else if (e instanceof GzipError) say("errors", `${file}:1:1: ${e.message}`);
      else if (e && typeof e === "object" && "code" in e && typeof e.code === "string") {
        say("errors", `${file}:1:1: cannot read file (${e.code})`);
      } else throw e;
    }
  }
  await out.end(notes);
  return failed ? 1 : 0;
}

/**
 * A log that holds one build's number twice (two monitor runs of one CI build, or consoles pasted
 * together) is reported whole here, but an upload refuses it (409): say so, on stderr. `first`: the
 * line of each build number seen so far in the file.
 */
function warnRepeatedBuilds(file: string, builds: SnapshotAnalysis[], first: Map<string, number>, warn: (line: string) => void): void {
  for (const b of builds) {
    if (b.sourceKind !== "monitor" || b.job === null || b.number === null) continue;
    const key = `${b.job}\u0000${b.number}`;
    const line = first.get(key);
    if (line === undefined) first.set(key, b.line);
    else warn(`${file}:${b.line}: warning: build ${b.job} #${b.number} appears twice in this log (first at line ${line}); an upload refuses it (409)`);
  }
}

// A reader that went away (`| head`) ends the output quietly: nothing more is worth reading.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

main().then(
  (code) => {
    // Set, not exit(): the process ends once stdout has drained.
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
