// The analysis entry point: splits the package directories over a pool of worker threads (worker.ts), each
// running the driver (driver.ts) with the checks of the registry, and merges their results; small runs stay
// on this thread.
import os from 'node:os';
import { WORKER_URL } from '../assets.js';
import { READ_LIMITS, formatSize } from '../io/read.js';
import { compareDiagnostics } from '../model.js';
import { Piscina } from 'piscina';
import type { AnalyzeOptions, AnalyzeResult } from './api.js';
import { defaultMemoryBudget, threadNeed } from './budget.js';
import { addTruncation, emptyResult, groupByDir, mergeDuplicates, safeSize, toRel, uniqueErrors } from './driver.js';
import analyzeChunk, { settleDirectives } from './worker.js';
import { solveCallGraph } from '../callgraph/build.js';
import { findRoots } from '../callgraph/roots.js';
import { applyProgramWitness } from './program-witness.js';

export { MAX_FILE_BYTES, toRel, uniqueErrors } from './driver.js';

/** Below this many files, worker threads cost more than they save. */
const PARALLEL_MIN_FILES = 150;
/** More source than this is analysed in worker threads whatever `jobs` says: their heap can be limited. */
const MAIN_THREAD_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Analyses the files. Packages are independent, so with `jobs` > 1 and enough files the package
 * directories are split into chunks of similar size and analysed by a pool of worker threads. The memory
 * budget is shared by the threads: each worker's heap is limited to its share, a package that cannot fit
 * is skipped before it is read, and a chunk whose worker runs out of memory anyway is analysed again one
 * directory at a time, so that only the directory that does not fit is lost.
 */
export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  return withProgramWitness(await analyzeFiles(opts), [...opts.modules.values()], opts.maxObjectConstraints);
}

/**
 * With `wholeProgram`, the races resting on an assumed "callable from any goroutine" root are judged against the
 * whole program's call graph, solved from every package's facts; the facts never leave the engine.
 */
function withProgramWitness(result: AnalyzeResult, modulePaths: readonly string[], maxObjectConstraints?: number): AnalyzeResult {
  const facts = result.callGraph;
  delete result.callGraph;
  if (!facts?.length) return result;
  const graph = solveCallGraph(facts, { maxObjectConstraints });
  // Too large a program for the object flow: the races it would have dropped stay, and the summary says so.
  if (graph.objects?.skipped) addTruncation(result.stats, { objects: graph.objects.constraints });
  const judged = applyProgramWitness(result.diagnostics, graph, findRoots(graph), modulePaths);
  result.diagnostics = judged.diagnostics;
  result.stats.programWitness = { dropped: judged.dropped, witnessed: judged.witnessed };
  return result;
}

async function analyzeFiles(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const jobs = Math.max(1, opts.jobs ?? os.availableParallelism());
  const budget = opts.maxMemory ?? defaultMemoryBudget();
  const byDir = groupByDir(opts.files);
  const sizes = new Map([...byDir].map(([dir, files]) => [dir, files.reduce((s, f) => s + safeSize(f), 0)]));
  const total = [...sizes.values()].reduce((a, b) => a + b, 0);
  // The single-file bundle has no worker script: it analyses on this thread.
  if (((jobs === 1 || opts.files.length < PARALLEL_MIN_FILES) && total <= MAIN_THREAD_MAX_BYTES) || !WORKER_URL) {
    return analyzeChunk({ ...opts, threadMemory: budget }, byDir);
  }
  const threads = Math.max(1, Math.min(jobs, Math.floor(budget / threadNeed(opts.maxFileBytes ?? READ_LIMITS.source))));
  const threadMemory = Math.floor(budget / threads);
  const chunks = chunkDirs(byDir, sizes, threads * 8);
  const { Piscina } = await import('piscina');
  const pool = new Piscina({
    filename: WORKER_URL, maxThreads: threads, minThreads: threads, idleTimeout: 1000,
    // Short-lived garbage (IR, walk state) dies in the young generation: at 12 MB, collections took 13% of the CPU on
    // moby's daemon packages, at 48 MB 8%, for a few tens of MB more at the peak.
    resourceLimits: { maxOldGenerationSizeMb: Math.ceil(threadMemory / 1024 / 1024), maxYoungGenerationSizeMb: 48 },
  });
  pool.on('error', () => {});
  const { onProgress, ...plain } = opts;
  let done = 0;
  const runChunk = async (chunk: [string, string[]][]): Promise<AnalyzeResult> => {
    const files = chunk.flatMap(([, f]) => f);
    let r: AnalyzeResult;
    try {
      r = (await pool.run({ ...plain, threadMemory, files })) as AnalyzeResult;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw e;
      if (chunk.length > 1) return merge(await Promise.all(chunk.map((dir) => runChunk([dir]))));
      r = emptyResult();
      const message = `skipped: its package ran out of memory (the budget is ${formatSize(threadMemory)} per thread; raise it with --max-memory)`;
      r.errors = files.map((f) => ({ file: toRel(opts.root, f), message }));
    }
    done += files.length;
    onProgress?.(done, opts.files.length);
    return r;
  };
  try {
    return merge(await Promise.all(chunks.map(runChunk)));
  } finally {
    await pool.destroy();
  }
}

function merge(parts: AnalyzeResult[]): AnalyzeResult {
  const result = emptyResult();
  for (const r of parts) {
    result.diagnostics.push(...r.diagnostics);
    result.errors.push(...r.errors);
    result.warnings.push(...(r.warnings ?? []));
    if (r.usedDirectives) (result.usedDirectives ??= []).push(...r.usedDirectives);
    if (r.callGraph) (result.callGraph ??= []).push(...r.callGraph);
    result.stats.files += r.stats.files;
    result.stats.lines += r.stats.lines;
    result.stats.bytes += r.stats.bytes;
    result.stats.skipped += r.stats.skipped;
    if (r.stats.truncated) addTruncation(result.stats, r.stats.truncated);
  }
  result.diagnostics = mergeDuplicates(result.diagnostics);
  result.errors = uniqueErrors(result.errors);
  return settleDirectives(result);
}

/** Splits directories into about `n` chunks of similar byte size, largest directories first. */
function chunkDirs(byDir: Map<string, string[]>, sizes: Map<string, number>, n: number): [string, string[]][][] {
  const dirs = [...byDir].map((e) => ({ e, bytes: sizes.get(e[0]) ?? 0 })).sort((a, b) => b.bytes - a.bytes);
  const chunks = Array.from({ length: Math.min(n, dirs.length) }, () => ({ items: [] as [string, string[]][], bytes: 0 }));
  for (const d of dirs) {
    const target = chunks.reduce((min, c) => (c.bytes < min.bytes ? c : min), chunks[0]!);
    target.items.push(d.e);
    target.bytes += d.bytes;
  }
  return chunks.map((c) => c.items).filter((c) => c.length > 0);
}

