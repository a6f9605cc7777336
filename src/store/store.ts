import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { InputError } from "../input-error.js";
import type { Generation, SamplingParams } from "../providers/types.js";
import { ordered } from "../run/order.js";
import type { ItemResult, RunInfo } from "../run/types.js";
import { Checkpointer } from "./checkpointer.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  status TEXT NOT NULL,
  info TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS responses (
  key TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  params TEXT NOT NULL,
  output TEXT NOT NULL,
  usage TEXT,
  model_reported TEXT,
  latency_ms INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
  run_id TEXT NOT NULL,
  model TEXT NOT NULL,
  suite TEXT NOT NULL,
  item_id TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (run_id, model, suite, item_id, repeat)
);
CREATE TABLE IF NOT EXISTS judge_agreement (
  judge TEXT NOT NULL,
  rubric TEXT NOT NULL,
  rubric_hash TEXT NOT NULL,
  labels_hash TEXT NOT NULL,
  labels_file TEXT NOT NULL,
  record TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (judge, rubric_hash, labels_hash)
);
`;

/** How well a judge agreed with human labels on one labels file, as `vieval judge-agreement` measured it. */
export interface StoredAgreement {
  judge: string;
  rubric: string;
  rubricHash: string;
  labelsFile: string;
  labelsHash: string;
  n: number;
  accuracy: number;
  kappa: number;
  weights: string;
  unparseable: number;
  createdAt: string;
}

export interface CachedResponse extends Generation {
  latencyMs: number;
}

export interface StoreOptions {
  /** Commits after which the log's checkpoints move to a worker thread (a run's; short commands never get there). */
  backgroundCheckpointAfter?: number;
}

/** SQLite's default: checkpoint every ~4 MB of log. */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * The workspace's SQLite file (WAL). Every response and result is written as it arrives: writes made in
 * one turn of the event loop are committed together in one transaction at the end of that turn, so a run
 * stopped at any point (Ctrl-C, kill -9, a crash) resumes where it was.
 */
export class Store {
  private readonly db: Database.Database;
  private readonly stmt;
  private pending: (() => void)[] = [];
  private flushScheduled = false;
  private readonly commit: () => void;
  private commits = 0;
  private readonly backgroundCheckpointAfter: number;
  private checkpointer?: Checkpointer;
  /** Why the store stopped taking writes (a full disk, a store another program holds locked too long). */
  private failure?: InputError;

  constructor(
    readonly path: string,
    options: StoreOptions = {},
  ) {
    this.backgroundCheckpointAfter = path === ":memory:" ? Infinity : (options.backgroundCheckpointAfter ?? 64);
    try {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("synchronous = NORMAL");
      // Checkpoints as the log grows, in the commits until a worker takes them over (startCheckpointer): the
      // copies and fsyncs happen while requests are in flight, and closing at the end of a run has little left
      // to write (a 40 MB log cost ~60 ms at exit).
      this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
      this.db.pragma("busy_timeout = 5000");
      this.db.exec(SCHEMA);
    } catch (e) {
      throw new InputError(`${path}: cannot open the store: ${(e as Error).message}`);
    }
    this.stmt = {
      getResponse: this.db.prepare("SELECT output, usage, model_reported, latency_ms FROM responses WHERE key = ?"),
      responseKeys: this.db.prepare("SELECT key FROM responses WHERE provider = ?").pluck(),
      putResponse: this.db.prepare(
        "INSERT OR REPLACE INTO responses (key, provider, params, output, usage, model_reported, latency_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      putResult: this.db.prepare(
        "INSERT OR REPLACE INTO results (run_id, model, suite, item_id, repeat, failed, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      finished: this.db.prepare("SELECT model, suite, item_id, repeat FROM results WHERE run_id = ? AND failed <= ?"),
      results: this.db.prepare("SELECT record FROM results WHERE run_id = ?"),
      getRun: this.db.prepare("SELECT info, status, created_at, updated_at FROM runs WHERE id = ?"),
      putRun: this.db.prepare(
        "INSERT INTO runs (id, created_at, updated_at, status, info) VALUES (@id, @now, @now, @status, @info) ON CONFLICT(id) DO UPDATE SET updated_at = @now, status = @status, info = @info",
      ),
      runs: this.db.prepare("SELECT id, created_at, updated_at, status FROM runs ORDER BY created_at DESC"),
      putAgreement: this.db.prepare(
        "INSERT OR REPLACE INTO judge_agreement (judge, rubric, rubric_hash, labels_hash, labels_file, record, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      agreements: this.db.prepare("SELECT record FROM judge_agreement WHERE judge = ? AND rubric_hash = ? ORDER BY created_at DESC"),
    };
    this.commit = this.db.transaction(() => {
      for (const write of this.pending) write();
      this.pending = [];
    });
  }

  private enqueue(write: () => void): void {
    if (this.failure) throw this.failure;
    this.pending.push(write);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // A commit that fails here is reported by the next write (the run stops there), not thrown where no one catches it.
      setImmediate(() => {
        try {
          this.flush();
        } catch {
          // kept in this.failure
        }
      });
    }
  }

  /**
   * Commit the writes of this turn now. A commit that fails is rolled back whole (what was stored before stays
   * as it was) and every later write fails with the same one-line message.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    try {
      this.commit();
    } catch (e) {
      this.pending = [];
      throw (this.failure = new InputError(`${this.path}: cannot write the store: ${(e as Error).message}; what it held before is kept`));
    }
    if (++this.commits === this.backgroundCheckpointAfter) this.startCheckpointer();
  }

  /** How the log is checkpointed now: by a worker thread, or by SQLite inside commits. */
  get checkpointing(): "worker" | "commits" {
    return this.checkpointer ? "worker" : "commits";
  }

  private startCheckpointer(): void {
    const inCommits = () => {
      this.checkpointer = undefined;
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    };
    try {
      this.checkpointer = new Checkpointer(this.path, 200, inCommits);
      this.db.pragma("wal_autocheckpoint = 0");
    } catch {
      inCommits();
    }
  }

  getResponse(key: string): CachedResponse | undefined {
    const row = this.stmt.getResponse.get(key) as
      | { output: string; usage: string | null; model_reported: string | null; latency_ms: number }
      | undefined;
    if (!row) return undefined;
    return {
      output: row.output,
      usage: row.usage ? JSON.parse(row.usage) : undefined,
      model: row.model_reported ?? undefined,
      latencyMs: row.latency_ms,
    };
  }

  /** Keys of every cached response of one provider: a run looks up only what is there. */
  responseKeys(provider: string): Set<string> {
    this.flush();
    return new Set(this.stmt.responseKeys.all(provider) as string[]);
  }

  putResponse(key: string, provider: string, params: SamplingParams, g: Generation, latencyMs: number): void {
    const now = new Date().toISOString();
    this.enqueue(() => this.stmt.putResponse.run(
      key,
      provider,
      JSON.stringify(params),
      g.output,
      g.usage ? JSON.stringify(g.usage) : null,
      g.model ?? null,
      latencyMs,
      now,
    ));
  }

  /** Store a result; returns its record (its JSON, as results.jsonl has it). */
  putResult(r: ItemResult): string {
    const record = JSON.stringify(r);
    this.enqueue(() => this.stmt.putResult.run(r.run, r.model, r.suite, r.itemId, r.repeat, r.error ? 1 : 0, record));
    return record;
  }

  /** Keys (`model\0suite\0item\0repeat`) of the items a run has finished (with or without an error). */
  finished(runId: string, includeFailed = true): Set<string> {
    this.flush();
    const rows = this.stmt.finished.all(runId, includeFailed ? 1 : 0) as { model: string; suite: string; item_id: string; repeat: number }[];
    return new Set(rows.map((r) => resultKey(r.model, r.suite, r.item_id, r.repeat)));
  }

  /** A run's results in one order whatever order they arrived in (run/order.ts): what is drawn from them comes out the same. */
  results(runId: string): ItemResult[] {
    this.flush();
    const results = (this.stmt.results.all(runId) as { record: string }[]).map((r) => JSON.parse(r.record) as ItemResult);
    const run = this.getRun(runId);
    return run ? ordered(run.info, results) : results;
  }

  saveRun(info: RunInfo, status: "running" | "stopped" | "done"): void {
    this.stmt.putRun.run({ id: info.id, now: new Date().toISOString(), status, info: JSON.stringify(info) });
  }

  getRun(id: string): { info: RunInfo; status: string } | undefined {
    const row = this.stmt.getRun.get(id) as { info: string; status: string } | undefined;
    return row ? { info: JSON.parse(row.info), status: row.status } : undefined;
  }

  /** A stored run by id (the newest without one); an unknown id ends in one clear line naming recent runs. */
  run(id?: string): { id: string; info: RunInfo; status: string } {
    const runs = this.runs();
    const wanted = id ?? runs[0]?.id;
    const run = wanted ? this.getRun(wanted) : undefined;
    if (wanted && run) return { id: wanted, ...run };
    const recent = runs.slice(0, 5).map((r) => r.id).join(", ");
    throw new InputError(`run: ${wanted ? `no run "${wanted}" in ${this.path}` : `${this.path} holds no runs`}${recent ? ` (recent: ${recent})` : ""}`);
  }

  runs(): { id: string; created_at: string; updated_at: string; status: string }[] {
    return this.stmt.runs.all() as { id: string; created_at: string; updated_at: string; status: string }[];
  }

  putAgreement(a: StoredAgreement): void {
    this.flush();
    this.stmt.putAgreement.run(a.judge, a.rubric, a.rubricHash, a.labelsHash, a.labelsFile, JSON.stringify(a), a.createdAt);
  }

  /** Agreement measured for this judge and this exact rubric text, newest first. */
  agreements(judge: string, rubricHash: string): StoredAgreement[] {
    return (this.stmt.agreements.all(judge, rubricHash) as { record: string }[]).map((r) => JSON.parse(r.record));
  }

  close(): void {
    try {
      this.flush();
    } finally {
      this.checkpointer?.stop();
      this.checkpointer = undefined;
      this.db.close();
    }
  }
}

export const resultKey = (model: string, suite: string, itemId: string, repeat: number): string =>
  `${model}\u0000${suite}\u0000${itemId}\u0000${repeat}`;
