/**
 * `hegui rescan FILE --out VERDICTS.jsonl`: one verdict per listing of a
 * large file, judged by the queue workers (or --local threads), written in
 * input order, resumable after a crash or Ctrl-C with exactly one line per
 * input record in the output.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { hostname } from "node:os";
import type { Redis } from "ioredis";
import { DEFAULT_LEXICON_DIR } from "../lexicon/index.js";
import { LexiconError } from "../lexicon/errors.js";
import { readLexiconDir } from "../lexicon/read.js";
import { validatedLexiconVersion } from "../lexicon/validated.js";
import { lexiconKey, materialize, type Announcement, type Snapshot } from "../lexicon/reload.js";
import { producerConnection, redisUrl } from "../io/redis.js";
import { checkOutputPaths, writeFileAtomic, type NamedPath } from "../io/out-paths.js";
import type { Verdict } from "../types.js";
import { RescanAbortError, type ChunkBackend, type ChunkJob } from "./backend.js";
import { LocalBackend } from "./backend-local.js";
import { QueueBackend } from "./backend-queue.js";
import { checkpointPath, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import { chunkItems, DEFAULT_CHUNK_SIZE, defaultChunkSize, readChunks, type Chunk } from "./chunks.js";
import { diffVerdicts, type DiffCounts } from "./diff.js";
import { inputFacts, type InputFacts } from "./digest.js";
import { lockOutput } from "./out-lock.js";
import { OutputFile, OutputShorterError } from "./output.js";
import { Progress, type ProgressSink } from "./progress.js";
import { isItemError, type ChunkResult } from "./review-chunk.js";
import { formatSummary, Summary, type SummaryJSON } from "./summary.js";
import { defaultPrefix, RESCAN_QUEUE } from "./worker.js";

export interface RescanOptions {
  file: string;
  out: string;
  /** Worker threads in this process instead of the Redis queue. */
  local?: boolean;
  threads?: number;
  /** An earlier verdicts file: write the listings that changed. */
  since?: string;
  /** Where the changes go (default `<out>.diff.jsonl`). */
  diff?: string;
  /** Summary JSON file (default `<out>.summary.json`). */
  summary?: string;
  /** Also print the summary JSON on stdout. */
  json?: boolean;
  lexicons?: string;
  explain?: boolean;
  /** Records a chunk (a job); default defaultChunkSize(lines of the input): 500, fewer for a small input. */
  chunkSize?: number;
  /** Chunks in flight (queue default 16, local 3 per thread). */
  window?: number;
  prefix?: string;
  redisUrl?: string;
  /** Ignore an existing checkpoint and start over. */
  restart?: boolean;
  /** Stop after the chunk being written (Ctrl-C). */
  signal?: AbortSignal;
}

export interface RescanIO {
  out(line: string): void;
  err(line: string): void;
  progress: ProgressSink;
}

export interface RescanOutcome {
  code: number;
  summary?: SummaryJSON;
  diff?: DiffCounts;
  interrupted?: boolean;
}

export const EXIT_INTERRUPTED = 130;

export interface RunIdentity {
  digest: string;
  lexiconVersion: string;
  chunkSize: number;
  explain: boolean;
}

/** Job id stem: input digest, lexicon version, chunk size, options; the chunk index is appended. */
export function jobStem(r: RunIdentity): string {
  return `${r.digest}-${r.lexiconVersion}-c${r.chunkSize}${r.explain ? "-x" : ""}`;
}

/**
 * With no --chunk-size, an unfinished run of the same input, lexicon and options goes on with the chunk
 * size it was cut with (the default now depends on the file's length; an earlier run used 500), instead
 * of starting over.
 */
export function resumedChunkSize(out: string, facts: InputFacts, lexiconVersion: string, explain: boolean): number | undefined {
  const c = readCheckpoint(out);
  if (!c || c.done) return undefined;
  // Today's default for this input, or the fixed 500 an earlier build cut every input into.
  for (const size of [defaultChunkSize(facts.lines), DEFAULT_CHUNK_SIZE]) {
    if (runKey({ digest: facts.digest, lexiconVersion, chunkSize: size, explain }) === c.runKey) return size;
  }
  return undefined;
}

export function runKey(r: RunIdentity): string {
  return createHash("sha256").update(JSON.stringify(r)).digest("hex").slice(0, 24);
}

const LOCK_TTL_MS = 15_000;

/** The checkpoint is rewritten at most this often (and at the end): a rename costs milliseconds on some disks. */
export const CHECKPOINT_EVERY_MS = 200;

/** One rescan of a given input and lexicon at a time per Redis prefix; a dead holder on this host is taken over. */
async function takeLock(redis: Redis, key: string): Promise<() => Promise<void>> {
  const me = `${hostname()}:${process.pid}`;
  const got = await redis.set(key, me, "PX", LOCK_TTL_MS, "NX");
  if (got !== "OK") {
    const holder = (await redis.get(key)) ?? "";
    const [host, pid] = holder.split(":");
    let alive = true;
    if (host === hostname() && Number(pid) > 0) {
      try {
        process.kill(Number(pid), 0);
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === "EPERM";
      }
    }
    if (alive) throw new RescanAbortError(`another rescan of this input is running (${holder}); wait for it or stop it`);
    await redis.set(key, me, "PX", LOCK_TTL_MS);
  }
  const timer = setInterval(() => {
    redis.set(key, me, "PX", LOCK_TTL_MS).catch(() => {});
  }, LOCK_TTL_MS / 3);
  timer.unref();
  return async () => {
    clearInterval(timer);
    try {
      if ((await redis.get(key)) === me) await redis.del(key);
    } catch {
      // the lock expires on its own
    }
  };
}

const ABORTED = Symbol("aborted");

/** A result, or ABORTED as soon as the signal fires (Ctrl-C while waiting for workers). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return p;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function outputLines(chunk: Chunk, result: ChunkResult, lexiconVersion: string): { text: string; verdicts: Array<Verdict | { error: string }> } {
  let j = 0;
  let text = "";
  const recs: Array<Verdict | { error: string }> = [];
  for (const r of chunk.records) {
    let rec: Verdict | { line: number; id?: string; error: string };
    if ("error" in r) rec = r.id === undefined ? { line: r.line, error: r.error } : { line: r.line, id: r.id, error: r.error };
    else {
      const v = result[j++];
      if (v === undefined) throw new RescanAbortError(`chunk ${chunk.index}: ${result.length} verdicts for ${chunkItems(chunk).length} listings`);
      if (isItemError(v)) rec = { line: r.line, id: v.id, error: v.error };
      else {
        if (v.id !== r.item.id) throw new RescanAbortError(`chunk ${chunk.index}: verdict for "${v.id}" where "${r.item.id}" (line ${r.line}) was expected`);
        if (v.lexiconVersion !== lexiconVersion) {
          throw new RescanAbortError(`chunk ${chunk.index}: verdict made with lexicon ${v.lexiconVersion}, the rescan expects ${lexiconVersion}`);
        }
        rec = v;
      }
    }
    recs.push(rec);
    text += JSON.stringify(rec) + "\n";
  }
  if (j !== result.length) throw new RescanAbortError(`chunk ${chunk.index}: ${result.length} verdicts for ${j} listings`);
  return { text, verdicts: recs };
}

/**
 * In queue mode with no --lexicons or HEGUI_LEXICONS: the lexicon last
 * published to the workers (`hegui lexicon publish`), if any — that is what
 * they run.
 */
async function announcedLexicon(opts: RescanOptions, io: RescanIO, conn: QueueConnection): Promise<string | undefined> {
  if (opts.local) return undefined;
  try {
    const redis = await conn.get();
    const raw = await redis.get(lexiconKey(opts.prefix ?? defaultPrefix()));
    if (!raw) return undefined;
    const a = JSON.parse(raw) as Partial<Announcement>;
    if (a.snapshot && typeof a.version === "string") {
      // The content-addressed snapshot the workers load, not the directory (which may have changed since).
      const snap = await redis.get(a.snapshot);
      if (!snap) return undefined;
      const dir = materialize(JSON.parse(snap) as Snapshot);
      io.err(`rescan: using the published lexicon ${a.dir} (version ${a.version}, from its snapshot in Redis)`);
      return dir;
    }
    if (typeof a.dir !== "string" || !existsSync(a.dir)) return undefined;
    io.err(`rescan: using the published lexicon ${a.dir}`);
    return a.dir;
  } catch {
    return undefined;
  }
}

/** The lexicon's version for a queue rescan: validated once per content (Redis down: read here; the queue then names Redis). */
async function queueLexiconVersion(dir: string, opts: RescanOptions, conn: QueueConnection): Promise<string> {
  let redis: Redis;
  try {
    redis = await conn.get();
  } catch {
    return readLexiconDir(dir).version;
  }
  try {
    return (await validatedLexiconVersion(dir, redis, opts.prefix ?? defaultPrefix())).version;
  } catch (e) {
    if (e instanceof LexiconError) throw e;
    return readLexiconDir(dir).version;
  }
}

/**
 * A queue rescan's one producer connection, opened on first use: the published-lexicon lookup, the lexicon's
 * validation and the run itself share it (a failed connection is tried once and its error given to each).
 */
class QueueConnection {
  private pending?: Promise<Redis>;
  constructor(private readonly url: string) {}
  get(): Promise<Redis> {
    return (this.pending ??= producerConnection(this.url, { maxRetriesPerRequest: 3, enableOfflineQueue: true }));
  }
  async close(): Promise<void> {
    const p = this.pending;
    this.pending = undefined;
    if (p) await p.then((r) => r.disconnect(), () => {});
  }
}

/** Every file a rescan writes: none may be the input, --since or another of them (checked before anything is opened). */
export function checkRescanPaths(opts: Pick<RescanOptions, "file" | "out" | "since" | "diff" | "summary">): void {
  const inputs: NamedPath[] = [{ role: "the input FILE", path: opts.file }];
  if (opts.since) inputs.push({ role: "--since", path: opts.since });
  const outputs: NamedPath[] = [
    { role: "--out", path: opts.out },
    { role: opts.summary ? "--summary" : "the summary (default <out>.summary.json)", path: summaryPathOf(opts) },
    { role: "the checkpoint of --out", path: checkpointPath(opts.out) },
    { role: "the lock of --out", path: `${opts.out}.lock` },
  ];
  if (opts.since) outputs.push({ role: opts.diff ? "--diff" : "the diff (default <out>.diff.jsonl)", path: diffPathOf(opts) });
  checkOutputPaths(inputs, outputs);
}

const summaryPathOf = (opts: Pick<RescanOptions, "out" | "summary">) => opts.summary ?? `${opts.out}.summary.json`;
const diffPathOf = (opts: Pick<RescanOptions, "out" | "diff">) => opts.diff ?? `${opts.out}.diff.jsonl`;

export async function rescan(opts: RescanOptions, io: RescanIO): Promise<RescanOutcome> {
  checkRescanPaths(opts);
  const started = Date.now();
  const explain = opts.explain ?? false;
  if (!existsSync(opts.file) || !statSync(opts.file).isFile()) {
    const e = new Error(`input not found: ${opts.file}`) as NodeJS.ErrnoException;
    e.code = "ENOENT";
    throw e;
  }
  if (opts.since && !existsSync(opts.since)) {
    const e = new Error(`--since file not found: ${opts.since}`) as NodeJS.ErrnoException;
    e.code = "ENOENT";
    throw e;
  }
  const conn = new QueueConnection(opts.redisUrl ?? redisUrl());
  try {
    return await prepareAndJudge(opts, io, started, explain, conn);
  } finally {
    await conn.close();
  }
}

async function prepareAndJudge(opts: RescanOptions, io: RescanIO, started: number, explain: boolean, conn: QueueConnection): Promise<RescanOutcome> {
  const lexiconDir = opts.lexicons ?? process.env.HEGUI_LEXICONS ?? (await announcedLexicon(opts, io, conn)) ?? DEFAULT_LEXICON_DIR;
  // Read and validated here, before anything is opened: a broken lexicon is named at once and an earlier
  // output or checkpoint is left as it was. Through the queue, bytes Redis marks as validated (published,
  // or by an earlier rescan) are only hashed (src/lexicon/validated.ts).
  const lexiconVersion = opts.local ? readLexiconDir(lexiconDir).version : await queueLexiconVersion(lexiconDir, opts, conn);
  const facts = await inputFacts(opts.file);
  const chunkSize = opts.chunkSize ?? resumedChunkSize(opts.out, facts, lexiconVersion, explain) ?? defaultChunkSize(facts.lines);
  const identity: RunIdentity = { digest: facts.digest, lexiconVersion, chunkSize, explain };
  const key = runKey(identity);

  const unlockOut = lockOutput(opts.out);
  try {
    return await judge(opts, io, { started, chunkSize, explain, lexiconDir, lexiconVersion, facts, identity, key }, conn);
  } finally {
    unlockOut();
  }
}

interface Prepared {
  started: number;
  chunkSize: number;
  explain: boolean;
  lexiconDir: string;
  lexiconVersion: string;
  facts: InputFacts;
  identity: RunIdentity;
  key: string;
}

/** The run itself, with the output locked: resume point, judging, summary, diff. */
async function judge(opts: RescanOptions, io: RescanIO, prep: Prepared, conn: QueueConnection): Promise<RescanOutcome> {
  const { started, chunkSize, explain, lexiconDir, lexiconVersion, facts, identity, key } = prep;
  // Where to start: a checkpoint of this very run, or nothing.
  let cp = opts.restart ? undefined : readCheckpoint(opts.out);
  if (cp && cp.runKey !== key) {
    io.err(`rescan: ${opts.out} holds another run (different input, lexicon or options): starting over`);
    cp = undefined;
  }
  let out: OutputFile;
  try {
    out = new OutputFile(opts.out, cp?.outBytes ?? 0);
  } catch (e) {
    if (!(e instanceof OutputShorterError)) throw e;
    io.err(`rescan: ${e.message}: starting over`);
    cp = undefined;
    out = new OutputFile(opts.out, 0);
  }
  let chunksDone = cp?.chunks ?? 0;
  let records = cp?.records ?? 0;
  const resumedAt = records;
  if (cp && !cp.done) io.err(`rescan: resuming ${opts.out} after chunk ${chunksDone} (${records.toLocaleString("en-US")} records kept)`);
  const summary = await Summary.fromOutput(opts.out, out.bytes);

  let backend: ChunkBackend | undefined;
  let unlock: (() => Promise<void>) | undefined;
  let interrupted = false;
  const progress = new Progress(io.progress, records);
  const state = () => ({ done: records, violations: summary.withViolations, errors: summary.errors, total: facts.lines, note: backend?.status() });

  try {
    if (!cp?.done) {
      if (opts.local) {
        backend = new LocalBackend({ threads: opts.threads, lexiconDir, explain, lexiconVersion });
      } else {
        const prefix = opts.prefix ?? defaultPrefix();
        const redis = await conn.get();
        unlock = await takeLock(redis, `${prefix}:${RESCAN_QUEUE}-lock:${key}`);
        const qb = new QueueBackend({ connection: redis, prefix, stem: jobStem(identity), lexiconVersion, explain, window: opts.window });
        backend = qb;
        // Jobs of chunks the checkpoint covers may be left over if the last run stopped just after writing it.
        for (let i = Math.max(0, chunksDone - 64); i < chunksDone; i++) await qb.release(i);
      }
      const window = opts.window ?? backend.window;
      const inFlight: Chunk[] = [];
      let batch: ChunkJob[] = [];
      const flushBatch = async () => {
        await backend!.submit(batch);
        batch = [];
      };
      // Chunks written since the last checkpoint: their jobs are removed only once a checkpoint covers them,
      // so a crash before the next checkpoint finds their results still in Redis.
      let unreleased: number[] = [];
      let checkpointedAt = 0;
      const checkpoint = async (force: boolean) => {
        if (!force && Date.now() - checkpointedAt < CHECKPOINT_EVERY_MS) return;
        writeCheckpoint(opts.out, { runKey: key, input: opts.file, chunks: chunksDone, records, outBytes: out.bytes, done: false });
        checkpointedAt = Date.now();
        const release = unreleased;
        unreleased = [];
        for (const i of release) await backend!.release(i);
      };
      const writeHead = async () => {
        const chunk = inFlight.shift()!;
        const items = chunkItems(chunk);
        const result = items.length ? await untilAborted(backend!.result(chunk.index), opts.signal) : [];
        if (result === ABORTED) return;
        const { text, verdicts } = outputLines(chunk, result, lexiconVersion);
        out.write(text);
        for (const v of verdicts) summary.add(v);
        records += chunk.records.length;
        chunksDone = chunk.index + 1;
        if (items.length) unreleased.push(chunk.index);
        await checkpoint(false);
        progress.update(state());
      };
      const ticker = setInterval(() => progress.update(state()), 1000);
      ticker.unref();
      try {
        for await (const chunk of readChunks(opts.file, chunkSize)) {
          if (chunk.index < chunksDone) continue;
          if (opts.signal?.aborted) break;
          inFlight.push(chunk);
          if (chunkItems(chunk).length) batch.push({ index: chunk.index, items: chunkItems(chunk) });
          if (batch.length >= 4 || inFlight.length >= window) await flushBatch();
          while (inFlight.length >= window && !opts.signal?.aborted) await writeHead();
        }
        await flushBatch();
        while (inFlight.length && !opts.signal?.aborted) await writeHead();
        interrupted = Boolean(opts.signal?.aborted);
        await checkpoint(true);
      } finally {
        clearInterval(ticker);
      }
      progress.update(state(), true);
      progress.finish();
      if (interrupted) {
        io.err(`rescan: interrupted after chunk ${chunksDone} (${records.toLocaleString("en-US")} records written); run the same command again to continue`);
        return { code: EXIT_INTERRUPTED, interrupted: true };
      }
      writeCheckpoint(opts.out, { runKey: key, input: opts.file, chunks: chunksDone, records, outBytes: out.bytes, done: true });
    } else {
      io.err(`rescan: ${opts.out} is already complete for this input and lexicon (use --restart to judge again)`);
    }
  } finally {
    out.close();
    await backend?.close().catch(() => {});
    await unlock?.();
    // The connection is the rescan's (QueueConnection): closed by rescan() when everything is written.
  }

  const elapsedSec = (Date.now() - started) / 1000;
  const processed = records - resumedAt;
  const result: SummaryJSON = {
    input: opts.file,
    output: opts.out,
    mode: opts.local ? "local" : "queue",
    lexiconVersion,
    records,
    listings: summary.listings,
    errors: summary.errors,
    withViolations: summary.withViolations,
    decisions: summary.decisions,
    categories: Object.fromEntries(summary.orderedCategories()),
    topTerms: summary.topTerms(20),
    processedThisRun: processed,
    resumedAtRecord: resumedAt,
    elapsedSec: Math.round(elapsedSec * 10) / 10,
    listingsPerSec: elapsedSec > 0 ? Math.round(processed / elapsedSec) : 0,
  };
  let diff: DiffCounts | undefined;
  if (opts.since) {
    diff = await diffVerdicts(opts.since, opts.out, diffPathOf(opts));
    result.diff = diff;
  }
  const summaryPath = summaryPathOf(opts);
  writeFileAtomic(summaryPath, JSON.stringify(result, null, 2) + "\n");
  io.err(formatSummary(result));
  if (diff) {
    io.err(
      `changes since ${diff.since}: ${diff.changed} changed (${diff.gained} gained, ${diff.lost} lost violations, ${diff.decisionChanged} decisions moved), ` +
        `${diff.new} new, ${diff.gone} gone → ${diff.file}`,
    );
  }
  io.err(`summary: ${summaryPath}`);
  if (opts.json) io.out(JSON.stringify(result));
  const code = summary.errors ? 2 : summary.withViolations ? 1 : 0;
  return { code, summary: result, diff };
}
