// The analysis entry point: splits the package directories over a pool of worker threads (worker.ts), each
// running the driver (driver.ts) with the checks of the registry, and merges their results; small runs stay
// on this thread.
import fs from 'node:fs';
import os from 'node:os';
import { WORKER_URL } from '../assets.js';
import { compareDiagnostics } from '../model.js';
import { Piscina } from 'piscina';
import type { AnalyzeOptions, AnalyzeResult } from './api.js';
import { addTruncation, emptyResult, groupByDir, mergeDuplicates } from './driver.js';
import analyzeChunk, { settleDirectives } from './worker.js';

export { MAX_FILE_BYTES } from './driver.js';

/** Below this many files, worker threads cost more than they save. */
const PARALLEL_MIN_FILES = 150;

/**
 * Analyses the files. Packages are independent, so with `jobs` > 1 and enough files the package
 * directories are split into chunks of similar size and analysed by a pool of worker threads.
 */
export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const jobs = Math.max(1, opts.jobs ?? os.availableParallelism());
  const byDir = groupByDir(opts.files);
  // The single-file bundle has no worker script: it analyses on this thread.
  if (jobs === 1 || opts.files.length < PARALLEL_MIN_FILES || !WORKER_URL) return analyzeChunk(opts, byDir);
  const chunks = chunkDirs(byDir, jobs * 8);
  const { Piscina } = await import('piscina');
  const pool = new Piscina({ filename: WORKER_URL, maxThreads: jobs, minThreads: jobs, idleTimeout: 1000 });
  try {
    const { onProgress, ...plain } = opts;
    let done = 0;
    const parts = await Promise.all(chunks.map(async (chunk) => {
      const r = (await pool.run({ ...plain, files: chunk.flatMap(([, files]) => files) })) as AnalyzeResult;
      done += chunk.reduce((n, [, files]) => n + files.length, 0);
      onProgress?.(done, opts.files.length);
      return r;
    }));
    const result = emptyResult();
    for (const r of parts) {
      result.diagnostics.push(...r.diagnostics);
      result.errors.push(...r.errors);
      result.warnings.push(...(r.warnings ?? []));
      if (r.usedDirectives) (result.usedDirectives ??= []).push(...r.usedDirectives);
      result.stats.files += r.stats.files;
      result.stats.lines += r.stats.lines;
      result.stats.bytes += r.stats.bytes;
      result.stats.skipped += r.stats.skipped;
      if (r.stats.truncated) addTruncation(result.stats, r.stats.truncated);
    }
    result.diagnostics = mergeDuplicates(result.diagnostics);
    return settleDirectives(result);
  } finally {
    await pool.destroy();
  }
}

/** Splits directories into about `n` chunks of similar byte size, largest directories first. */
function chunkDirs(byDir: Map<string, string[]>, n: number): [string, string[]][][] {
  const size = (files: string[]) => files.reduce((s, f) => s + safeSize(f), 0);
  const dirs = [...byDir].map((e) => ({ e, bytes: size(e[1]) })).sort((a, b) => b.bytes - a.bytes);
  const chunks = Array.from({ length: Math.min(n, dirs.length) }, () => ({ items: [] as [string, string[]][], bytes: 0 }));
  for (const d of dirs) {
    const target = chunks.reduce((min, c) => (c.bytes < min.bytes ? c : min), chunks[0]!);
    target.items.push(d.e);
    target.bytes += d.bytes;
  }
  return chunks.map((c) => c.items).filter((c) => c.length > 0);
}

function safeSize(f: string): number {
  try {
    return fs.statSync(f).size;
  } catch {
    return 0;
  }
}

