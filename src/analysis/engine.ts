// The analysis pipeline: read and parse each file once, group files into packages, walk each package's
// functions for goroutines, locks and map accesses, pair the accesses into races, and let each check claim
// the races on its kind of storage. Trees live only while their package is analysed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WORKER_URL } from '../assets.js';
import { type FileHeader, readHeader, scanHeader } from '../go/header.js';
import { importPathOf, readGoSource } from '../go/load.js';
import { type Package, buildPackage, disposePackage } from '../go/package.js';
import { type Tree, loadGo, parseGo } from '../go/parser.js';
import { Library } from '../go/summaries.js';
import { type ModuleTypes, type Universe, sharedUniverse, universeDisabledByEnv } from '../go/universe.js';
import { MR1004, sharedWriteDiagnostic } from '../checks/MR1004-shared-object-map/index.js';
import { CHECKS, RACE_CHECKS } from '../checks/registry.js';
import { type Diagnostic, compareDiagnostics } from '../model.js';
import { Advisor } from './advice.js';
import type { AnalyzeOptions, AnalyzeResult } from './api.js';
import { describe, findRaces } from './races.js';
import { type Directive, applyDirectives, readDirectives } from './suppress.js';
import { PackageWalker } from './walker.js';

/** Files larger than this are not analysed (generated tables, vendored blobs); they are reported as errors. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Below this many files, worker threads cost more than they save. */
const PARALLEL_MIN_FILES = 150;

/**
 * Analyses the files. Packages are independent, so with `jobs` > 1 and enough files the package
 * directories are split into chunks of similar size and analysed by a pool of worker threads (not in the
 * single-file bundle, which has no worker script).
 */
export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const jobs = Math.max(1, opts.jobs ?? os.availableParallelism());
  const byDir = groupByDir(opts.files);
  if (jobs === 1 || opts.files.length < PARALLEL_MIN_FILES || !WORKER_URL) return analyzeDirs(opts, byDir);
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
      result.stats.files += r.stats.files;
      result.stats.lines += r.stats.lines;
      result.stats.bytes += r.stats.bytes;
      result.stats.skipped += r.stats.skipped;
    }
    result.diagnostics.sort(compareDiagnostics);
    return result;
  } finally {
    await pool.destroy();
  }
}

function emptyResult(): Required<AnalyzeResult> {
  return { diagnostics: [], stats: { files: 0, lines: 0, bytes: 0, skipped: 0 }, errors: [], warnings: [] };
}

/** One Go package per directory (plus its external _test package). */
function groupByDir(files: string[]): Map<string, string[]> {
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.dirname(file);
    const list = byDir.get(dir) ?? [];
    list.push(file);
    byDir.set(dir, list);
  }
  return byDir;
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

/** The analysis of a set of package directories, on this thread. */
export async function analyzeDirs(opts: AnalyzeOptions, byDir: Map<string, string[]> = groupByDir(opts.files)): Promise<AnalyzeResult> {
  await loadGo();
  const enabled = new Set(opts.checks ?? CHECKS.filter((c) => c.defaultEnabled).map((c) => c.code));
  const universe = dependencyTypes(opts);
  const result = emptyResult();
  let done = 0;
  for (const [dir, files] of byDir) {
    const parsed = new Map<string, { rel: string; tree: Tree }[]>();
    const directives: Directive[] = [];
    for (const file of files) {
      const rel = toRel(opts.root, file);
      const source = readSource(file, rel, result);
      opts.onProgress?.(++done, opts.files.length);
      if (source === undefined) continue;
      // Most generated and excluded files are recognised from their first lines, without parsing them.
      const early = scanHeader(source);
      if (early && skipFile(early, opts)) {
        result.stats.skipped++;
        continue;
      }
      const tree = parse(source, rel, result);
      if (!tree) continue;
      const header = readHeader(tree);
      if (skipFile(header, opts)) {
        result.stats.skipped++;
        continue;
      }
      result.stats.files++;
      if (tree.hasError) result.warnings.push({ file: rel, message: syntaxError(tree) });
      const end = tree.rootNode.endPosition;
      result.stats.lines += end.row + (end.column > 0 ? 1 : 0);
      directives.push(...readDirectives(rel, tree));
      const list = parsed.get(header.packageName) ?? [];
      list.push({ rel, tree });
      parsed.set(header.packageName, list);
    }
    const diags: Diagnostic[] = [];
    const lib = new Library(importPathOf(opts.modules, dir), opts.library);
    const modules = universe?.forDir(dir);
    for (const pkgFiles of parsed.values()) {
      const pkg = buildPackage(toRel(opts.root, dir), pkgFiles, lib, modules ? { packageNames: modules.packageName } : {});
      try {
        diags.push(...analyzePackage(pkg, enabled, lib, modules));
      } catch (e) {
        result.errors.push({ file: pkg.dir, message: `analysis failed: ${(e as Error).message}` });
        if (process.env.MAPRACE_DEBUG_ERRORS) process.stderr.write(`${pkg.dir}: ${(e as Error).stack}\n`);
      } finally {
        disposePackage(pkg);
      }
    }
    result.diagnostics.push(...applyDirectives(diags, directives, enabled));
  }
  for (const d of result.diagnostics) d.severity = opts.severity?.[d.check] ?? d.severity;
  result.diagnostics.sort(compareDiagnostics);
  return result;
}

/** This thread's Universe, unless `dependencyTypes: false` or MAPRACE_NO_MODCACHE=1 turn it off. */
function dependencyTypes(opts: AnalyzeOptions): Universe | undefined {
  return opts.dependencyTypes === false || universeDisabledByEnv() ? undefined : sharedUniverse();
}

function toRel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/') || '.';
}

function skipFile(header: FileHeader, opts: AnalyzeOptions): boolean {
  return !header.buildable || (header.generated && !opts.includeGenerated);
}

function readSource(file: string, rel: string, result: AnalyzeResult): string | undefined {
  const src = readGoSource(file, MAX_FILE_BYTES);
  if ('skipped' in src) {
    result.errors.push({ file: rel, message: src.skipped });
    return undefined;
  }
  result.stats.bytes += src.bytes;
  return src.text;
}

/** Where tree-sitter found the first syntax error; the rest of the file is still analysed. */
function syntaxError(tree: Tree): string {
  const at = tree.rootNode.descendantsOfType('ERROR')[0]?.startPosition;
  return `syntax error${at ? ` at ${at.row + 1}:${at.column + 1}` : ''} (go vet would reject the file; maprace analyses what parses)`;
}

function parse(source: string, rel: string, result: AnalyzeResult): Tree | undefined {
  try {
    return parseGo(source);
  } catch (e) {
    result.errors.push({ file: rel, message: (e as Error).message });
    return undefined;
  }
}

export function analyzePackage(pkg: Package, enabled: Set<string>, lib = new Library(), modules?: ModuleTypes): Diagnostic[] {
  const walker = new PackageWalker(pkg, lib, modules);
  walker.run();
  if (process.env.MAPRACE_DEBUG_THREADS) for (const t of walker.allThreads()) if (t.kind !== 'flow') process.stderr.write(`${pkg.dir}: ${t.kind}${t.multi ? '*' : ''} ${t.label}\n`);
  const lockName = (key: string) => walker.lockNames.get(key) ?? key.replace(/^(field|global|local|text):/, '');
  const advisor = new Advisor(pkg, walker.accesses, lockName);
  const out: Diagnostic[] = [];
  for (const race of findRaces(walker.accesses)) {
    const check = RACE_CHECKS.find((c) => c.claims(race));
    if (!check || !enabled.has(check.code)) continue;
    const { message, related, lockState } = describe(race, lockName);
    out.push({
      check: check.code,
      name: check.name,
      severity: check.defaultSeverity,
      message,
      range: race.access.range,
      related,
      lockState,
      fixes: [],
      suggestion: check.suggest(race, {
        structLocks: advisor.structLocks(race),
        guards: advisor.guards(race),
        lockName,
        syncMapFits: advisor.syncMapFits(race),
      }),
      fingerprint: {
        function: race.access.func,
        map: race.access.storage.expr,
        kinds: [...new Set([race.access.kind, ...race.partners.map((p) => p.kind)])].sort().join('+'),
      },
    });
  }
  if (enabled.has(MR1004.code)) for (const w of walker.sharedWrites.values()) out.push(sharedWriteDiagnostic(w));
  return out;
}
