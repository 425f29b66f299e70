import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../../src/main/db/connection.js';
import { openStores } from '../../../src/main/stores.js';

/**
 * A worker thread for the concurrent-lease test: its own connection to the same file; waits at a
 * shared barrier so both workers start together, then leases until the queue is empty.
 */
const { path, owner, barrier } = workerData as { path: string; owner: string; barrier: SharedArrayBuffer };
// gate[0]: workers ready; gate[1]: go; gate[2]: never set (used to sleep)
const db = openDatabase(path);
const queue = openStores(db, { maxPending: 10_000, maxAttempts: 3, leaseMs: 60_000, retryAfterSeconds: 1 }).queue;
const gate = new Int32Array(barrier);
Atomics.add(gate, 0, 1);
Atomics.notify(gate, 0);
while (Atomics.load(gate, 1) === 0) Atomics.wait(gate, 1, 0, 50);
const leased: string[] = [];
for (let job = queue.lease(owner); job; job = queue.lease(owner)) {
  if (job.leaseOwner !== owner) throw new Error(`leased job ${job.id} shows owner ${job.leaseOwner}`);
  leased.push(job.id);
  Atomics.wait(gate, 2, 0, 1); // "work" for 1 ms, as a real worker would, so the other connection gets turns
}
db.close();
parentPort!.postMessage(leased);
