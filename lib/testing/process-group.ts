// For tests that start a program in a process group of its own (`spawn(…, { detached: true })`) and
// check that stopping it left nothing of it running (npm start, the database scripts).

/** Whether any process of group `pgid` is still there. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
