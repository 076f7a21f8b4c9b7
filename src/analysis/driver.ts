// The driver: reads and parses each file once, groups files into packages, and runs the analyzers it is
// given over each package (analyzer.ts); then applies the `//maprace:ignore` directives, runs the checks that
// judge the directives, and sets severities. It knows no check: the worker (worker.ts) builds the list from
// the registry. Trees live only while their package is analysed.
import type { PackageFacts } from '../callgraph/facts.js';
import fs from 'node:fs';
import path from 'node:path';
import { type FileHeader, fileComments, lineCount, readHeader, scanHeader, syntaxErrorAt } from '../go/header.js';
import { importPathOf, readGoSource } from '../go/load.js';
import { type Package, buildPackage, disposePackage } from '../go/package.js';
import type { Program } from '../go/program.js';
import { type Tree, loadGo, parseGo } from '../go/parser.js';
import { Library } from '../go/summaries.js';
import { TypeLookup } from '../go/typelookup.js';
import { type ModuleTypes, type Universe, sharedUniverse, universeDisabledByEnv } from '../go/universe.js';
import { READ_LIMITS, formatSize } from '../io/read.js';
import { type Diagnostic, type Range, compareDiagnostics } from '../model.js';
import { relatedKey } from '../witness.js';
import { type Analyzer, type CheckAnalyzer, type PassBase, runAnalyzers, validateAnalyzers } from './analyzer.js';
import type { AnalyzeOptions, AnalyzeResult, AnalyzeStats, FileError, Truncation } from './api.js';
import { HEAP_PER_SOURCE_BYTE, PACKAGE_SHARE, defaultMemoryBudget, heapInUse } from './budget.js';
import { type Directive, readDirectives, suppress } from './suppress.js';

/** Files larger than this are not analysed by default (`--max-file-size` raises it); they are reported as errors. */
export const MAX_FILE_BYTES = READ_LIMITS.source;

export function emptyResult(): AnalyzeResult & { warnings: FileError[] } {
  return { diagnostics: [], stats: { files: 0, lines: 0, bytes: 0, skipped: 0 }, errors: [], warnings: [] };
}

/** Adds truncation counts to a run's statistics (creating them on the first). */
export function addTruncation(stats: AnalyzeStats, t: Partial<Truncation>): void {
  const into = (stats.truncated ??= { steps: 0, depth: 0, accesses: 0, dependencies: 0 });
  into.steps += t.steps ?? 0;
  into.depth += t.depth ?? 0;
  into.accesses += t.accesses ?? 0;
  if (t.packages) into.packages = (into.packages ?? 0) + t.packages;
  if (t.dispatch) into.dispatch = (into.dispatch ?? 0) + t.dispatch;
  if (t.objects) into.objects = (into.objects ?? 0) + t.objects;
  into.dependencies += t.dependencies ?? 0;
}

/** Where tree-sitter found the first syntax error; the rest of the file is still analysed. */
function syntaxError(at: { line: number; column: number }): string {
  return `syntax error${at.line ? ` at ${at.line}:${at.column}` : ''} (go vet would reject the file; maprace analyses what parses)`;
}

/** One Go package per directory (plus its external _test package). */
export function groupByDir(files: string[]): Map<string, string[]> {
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.dirname(file);
    const list = byDir.get(dir) ?? [];
    list.push(file);
    byDir.set(dir, list);
  }
  return byDir;
}

/** The analysis of a set of package directories, on this thread. */
export async function analyzeDirs(opts: AnalyzeOptions, checks: readonly CheckAnalyzer[], enabled: ReadonlySet<string>, byDir: Map<string, string[]> = groupByDir(opts.files)): Promise<AnalyzeResult> {
  await loadGo();
  const order = validateAnalyzers(checks);
  const universe = dependencyTypes(opts);
  const threadMemory = opts.threadMemory ?? opts.maxMemory ?? defaultMemoryBudget();
  if (universe) universe.limits.maxHeap = threadMemory / 4;
  const result = emptyResult();
  const foreign = new ForeignDirectives(opts.root);
  const noteSkips = () => {
    for (const n of universe?.takeNotes() ?? []) result.errors.push({ file: toRel(opts.root, n.file), message: n.message });
    const cut = universe?.takeTruncated() ?? 0;
    if (cut) addTruncation(result.stats, { dependencies: cut });
  };
  let done = 0;
  for (const [dir, files] of byDir) {
    if (!fitsInMemory(files, threadMemory, opts, result, universe)) {
      done += files.length;
      opts.onProgress?.(done, opts.files.length);
      continue;
    }
    const parsed = new Map<string, { rel: string; tree: Tree; directives: Directive[] }[]>();
    for (const file of files) {
      const rel = toRel(opts.root, file);
      const source = readSource(file, rel, result, opts.maxFileBytes ?? READ_LIMITS.source);
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
      const error = syntaxErrorAt(tree);
      if (error) result.warnings.push({ file: rel, message: syntaxError(error) });
      result.stats.lines += lineCount(tree);
      const list = parsed.get(header.packageName) ?? [];
      list.push({ rel, tree, directives: readDirectives(rel, fileComments(tree)) });
      parsed.set(header.packageName, list);
    }
    const importPath = importPathOf(opts.modules, dir);
    const lib = new Library(importPath, opts.library);
    const modules = universe?.forDir(dir);
    // The module's own packages are followed with their bodies even when dependency types are off;
    // MAPRACE_NO_CROSS_PACKAGE=1 turns following off (the reference for the benchmarks).
    const program = opts.crossPackage === false || process.env.MAPRACE_NO_CROSS_PACKAGE ? undefined : (modules ?? sharedUniverse().forDir(dir))?.program(opts.root, (p) => new Library(p, opts.library));
    for (const pkgFiles of parsed.values()) {
      let pkg: Package | undefined;
      try {
        pkg = buildPackage(toRel(opts.root, dir), pkgFiles, lib, { importPath, ...(modules ? { packageNames: modules.packageName } : {}) });
        const pkgDir = pkg.dir;
        result.diagnostics.push(...analyzePackage(pkg, order, {
          enabled,
          directives: pkgFiles.flatMap((f) => f.directives),
          foreignDirectives: (rel) => foreign.of(rel),
          lib,
          modules,
          program,
          onError: (message) => result.errors.push({ file: pkgDir, message }),
          onTruncated: (what, count) => addTruncation(result.stats, { [what]: count }),
          ...(opts.wholeProgram ? { onCallGraph: (f: PackageFacts) => (result.callGraph ??= []).push(f) } : {}),
        }));
      } catch (e) {
        // Declarations that cannot be built (the analyzers' own failures are reported by analyzePackage).
        result.errors.push({ file: toRel(opts.root, dir), message: `analysis failed: ${(e as Error).message}` });
      } finally {
        if (pkg) disposePackage(pkg);
      }
    }
    parsed.clear();
    noteSkips();
  }
  noteSkips();
  result.errors = uniqueErrors(result.errors);
  for (const d of result.diagnostics) d.severity = opts.severity?.[d.check] ?? d.severity;
  result.diagnostics = mergeDuplicates(result.diagnostics);
  const used = foreign.used();
  if (used.length) result.usedDirectives = used;
  return result;
}

/**
 * One finding per check and location: the analyses of several packages reach the same access in another
 * package (a store called from two packages' goroutines), naming the same or another partner access. The
 * first message (in report order) is kept and the related locations are combined.
 */
export function mergeDuplicates(diags: Diagnostic[]): Diagnostic[] {
  const byKey = new Map<string, Diagnostic>();
  for (const d of [...diags].sort((x, y) => compareDiagnostics(x, y) || (x.message < y.message ? -1 : x.message > y.message ? 1 : 0))) {
    const key = `${d.check}\0${d.range.file}:${d.range.start.line}:${d.range.start.column}`;
    const first = byKey.get(key);
    if (!first) {
      byKey.set(key, d);
      continue;
    }
    const seen = new Set(first.related.map(relatedKey));
    for (const r of d.related) if (!seen.has(relatedKey(r)) && first.related.length < MAX_MERGED_RELATED) first.related.push(r);
  }
  return [...byKey.values()].sort(compareDiagnostics);
}

const MAX_MERGED_RELATED = 24;

/** The `//maprace:ignore` directives of files outside the package being analysed, read once per run. */
class ForeignDirectives {
  private readonly byFile = new Map<string, Directive[]>();
  constructor(private readonly root: string) {}

  of(rel: string): Directive[] {
    let list = this.byFile.get(rel);
    if (list) return list;
    list = [];
    const src = readGoSource(path.join(this.root, rel), MAX_FILE_BYTES);
    if (!('skipped' in src) && src.text.includes('maprace:ignore')) {
      try {
        list = readDirectives(rel, fileComments(parseGo(src.text)));
      } catch {
        list = [];
      }
    }
    this.byFile.set(rel, list);
    return list;
  }

  /** Where the directives that silenced something are (`file:line:column`). */
  used(): string[] {
    return [...this.byFile.values()].flat().filter((d) => d.used).map((d) => directiveAt(d.range));
  }
}

export function directiveAt(r: Range): string {
  return `${r.file}:${r.start.line}:${r.start.column}`;
}

/** This thread's Universe, unless `dependencyTypes: false` or MAPRACE_NO_MODCACHE=1 turn it off. */
function dependencyTypes(opts: AnalyzeOptions): Universe | undefined {
  return opts.dependencyTypes === false || universeDisabledByEnv() ? undefined : sharedUniverse();
}

/** A path as results name it: relative to the analysis root, forward slashes. */
export function toRel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/') || '.';
}

function skipFile(header: FileHeader, opts: AnalyzeOptions): boolean {
  return !header.buildable || (header.generated && !opts.includeGenerated);
}

/** The errors without repeats (each thread notes the same unreadable go.mod or dependency file). */
export function uniqueErrors(errors: FileError[]): FileError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}\0${e.message}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

export function safeSize(f: string): number {
  try {
    return fs.statSync(f).size;
  } catch {
    return 0;
  }
}

/**
 * Whether a directory's packages can be analysed within the thread's memory budget, judged from their size
 * before anything is read; when they cannot, every file is reported as skipped. When they fit only without
 * the memoised dependency types, those are dropped first.
 */
function fitsInMemory(files: string[], threadMemory: number, opts: AnalyzeOptions, result: AnalyzeResult, universe: Universe | undefined): boolean {
  const maxFile = opts.maxFileBytes ?? READ_LIMITS.source;
  // Files over the size cap are skipped on their own and cost nothing.
  const bytes = files.map(safeSize).filter((n) => n <= maxFile).reduce((a, b) => a + b, 0);
  const need = bytes * HEAP_PER_SOURCE_BYTE;
  if (need > threadMemory * PACKAGE_SHARE) {
    const message = `skipped: its package has ${formatSize(bytes)} of Go source, which needs about ${formatSize(need)} of memory; the budget is ${formatSize(threadMemory)} per thread (raise it with --max-memory)`;
    for (const f of files) result.errors.push({ file: toRel(opts.root, f), message });
    return false;
  }
  if (heapInUse() + need > threadMemory * PACKAGE_SHARE) universe?.clear();
  return true;
}

function readSource(file: string, rel: string, result: AnalyzeResult, maxBytes: number): string | undefined {
  const src = readGoSource(file, maxBytes);
  if ('skipped' in src) {
    result.errors.push({ file: rel, message: src.skipped });
    return undefined;
  }
  result.stats.bytes += src.bytes;
  return src.text;
}

function parse(source: string, rel: string, result: AnalyzeResult): Tree | undefined {
  try {
    return parseGo(source);
  } catch (e) {
    result.errors.push({ file: rel, message: (e as Error).message });
    return undefined;
  }
}

export interface PackageRun {
  enabled: ReadonlySet<string>;
  directives: Directive[];
  lib?: Library;
  modules?: ModuleTypes | undefined;
  program?: Program | undefined;
  /** Directives of a file of another package, for findings a call into that package led to. */
  foreignDirectives?: (rel: string) => Directive[];
  /** An analyzer threw: the package's findings so far are dropped, its directives are still judged. */
  onError?: (message: string) => void;
  onTruncated?: (what: keyof Truncation, count: number) => void;
  onCallGraph?: (facts: PackageFacts) => void;
}

/**
 * Runs the analyzers (in validateAnalyzers order) over one package, drops the findings its directives silence,
 * then runs the analyzers that judge the directives.
 */
export function analyzePackage(pkg: Package, order: readonly Analyzer[], run: PackageRun): Diagnostic[] {
  const lib = run.lib ?? new Library();
  const base: PassBase = {
    pkg,
    types: new TypeLookup(pkg, lib, run.modules, run.program),
    library: lib,
    modules: run.modules,
    program: run.program,
    directives: run.directives,
    enabled: (code) => run.enabled.has(code),
    truncated: (what, count) => run.onTruncated?.(what, count),
    ...(run.onCallGraph ? { exportCallGraph: run.onCallGraph } : {}),
  };
  const results = new Map<Analyzer, unknown>();
  const guarded = (phase: () => Diagnostic[]): Diagnostic[] => {
    try {
      return phase();
    } catch (e) {
      run.onError?.(`analysis failed: ${(e as Error).message}`);
      if (process.env.MAPRACE_DEBUG_ERRORS) process.stderr.write(`${pkg.dir}: ${(e as Error).stack}\n`);
      return [];
    }
  };
  const found = guarded(() => runAnalyzers(order, base, results, (a) => !a.afterSuppression));
  const own = new Set(pkg.files.map((f) => f.rel));
  const outside = [...new Set(found.map((d) => d.range.file).filter((f) => !own.has(f)))];
  const kept = suppress(found, [...run.directives, ...outside.flatMap((f) => run.foreignDirectives?.(f) ?? [])]);
  return [...kept, ...guarded(() => runAnalyzers(order, base, results, (a) => !!a.afterSuppression))];
}
