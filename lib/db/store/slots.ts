// ## A few slots, handed out in turn
//
// The PostgreSQL store's upload connections are taken through this: an upload
// that finds every connection held waits its turn here, first come first
// served, instead of in node-postgres' pool, whose wait counts against the
// connection timeout (5 s) and so answered a burst of uploads 503 "the
// database did not answer in time" while the database was fine.

export type Slots = {
  /**
   * Resolves to a release function once a slot is free and every earlier waiter was served;
   * rejects with `tooLong(held)` after `waitMs` in the queue (then it holds no slot).
   */
  acquire(waitMs: number, tooLong: (held: number) => Error): Promise<() => void>;
  /** Every waiter now in the queue rejects with `error` (a connection could not be opened: neither could theirs). */
  failWaiting(error: unknown): void;
  /** Slots held now, and waiters. */
  readonly held: number;
  readonly waiting: number;
};

export function createSlots(size: number): Slots {
  let held = 0;
  const queue: { grant: () => void; fail: (error: unknown) => void }[] = [];

  const release = () => {
    const next = queue.shift();
    // The slot goes straight to the next waiter: no later caller can take it in between.
    if (next) next.grant();
    else held -= 1;
  };
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };

  return {
    get held() {
      return held;
    },
    get waiting() {
      return queue.length;
    },
    acquire(waitMs, tooLong) {
      if (held < size && queue.length === 0) {
        held += 1;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const entry = {
          grant: () => {
            clearTimeout(timer);
            resolve(releaser());
          },
          fail: (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        const timer = setTimeout(() => {
          queue.splice(queue.indexOf(entry), 1);
          reject(tooLong(held));
        }, waitMs);
        queue.push(entry);
      });
    },
    failWaiting(error) {
      for (const entry of queue.splice(0)) entry.fail(error);
    },
  };
}
