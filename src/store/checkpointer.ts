import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * The worker's code: its own connection to the store, copying the write-ahead log into the database file
 * (PASSIVE: never waiting on, nor blocking, the run's writes) every `everyMs`. On "stop" it closes its
 * connection; the last connection to close checkpoints what is left and removes the log.
 */
const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => db.pragma("wal_checkpoint(PASSIVE)"), workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Checkpoints of a store's write-ahead log, run in a worker thread. SQLite's automatic checkpoint runs inside
 * a commit, on the thread that commits: with its fsyncs it held a run's event loop for 15–25 ms every few
 * thousand answers (longer on network disks), while answers waited and no request left.
 */
export class Checkpointer {
  private readonly worker: Worker;

  /** `onFailure`: the worker could not run (the store goes back to checkpointing in its commits). */
  constructor(path: string, everyMs: number, onFailure: (e: Error) => void) {
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, sqlite, everyMs } });
    this.worker.on("error", onFailure);
    // A process that ends without closing its store does not wait for the worker: a checkpoint cut short is
    // safe, and the log is read back on the next open.
    this.worker.unref();
  }

  /** Ask the worker to close its connection; the process waits for it to finish before exiting. */
  stop(): void {
    this.worker.postMessage("stop");
    this.worker.ref();
  }
}
