// The monitor's own output cut out of a seed console, for tests that build logs of their own
// (a cron job's growing file, several runs in one build).
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The monitor's output of the seed's build 25877 (top list to its cut message list), with this queue length for its worst pid. */
export function seedMonitorOutput(queueLen: number): string {
  const lines = readFileSync(join(__dirname, "..", "__fixtures__", "ProductCI_ejabberd_mqueue_random_monitor_25877.log"), "utf8").split("\n");
  const from = lines.findIndex((line) => line.startsWith("processes sorted by queue_len desc:"));
  const to = lines.findIndex((line) => line.startsWith("Build step"));
  return `${lines.slice(from, to).join("\n").replaceAll("3102", String(queueLen))}\n`;
}
