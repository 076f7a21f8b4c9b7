// Finding the Go files a `maprace check` invocation covers, with Go's pattern syntax:
// `./...`, `./pkg/...`, a directory, a file. Mirrors what `go list` would select without running it:
// vendor/, testdata/, directories starting with `_` or `.`, and node_modules are skipped below a pattern's
// root; `_test.go` files only with `tests`. Build constraints and generated-file headers are decided after
// parsing (header.ts), because the parser sees the comments anyway.
import fs from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { UsageError } from '../errors.js';
import { isRefusal, readBounded } from '../io/read.js';
import { type SkipNote, parseGoMod, parseGoWork, readText } from './gomod.js';
import { isTestFile } from './header.js';

export interface LoadOptions {
  cwd: string;
  tests?: boolean;
}

export interface ModuleInfo {
  /** Absolute directory of go.work or go.mod that encloses the patterns (else the cwd). */
  root: string;
  /** Module paths by absolute module directory (from go.mod files; several with go.work). */
  modules: Map<string, string>;
  /** go.work and go.mod files that were not read (not regular files, over their size cap), with the reason. */
  skipped: SkipNote[];
}

export interface LoadResult extends ModuleInfo {
  /** Absolute paths, sorted. */
  files: string[];
  /** What the user should know before trusting the run: patterns that matched no Go file, no go.mod found. */
  warnings: string[];
  /** Directories below a pattern that could not be listed (absolute paths), with the reason. */
  unreadable: { dir: string; message: string }[];
}

export { UsageError };

const SKIP_DIRS = ['**/vendor/**', '**/testdata/**', '**/_*/**', '**/.*/**', '**/node_modules/**'];

export async function loadFiles(patterns: string[], opts: LoadOptions): Promise<LoadResult> {
  const wanted = patterns.length ? patterns : ['./...'];
  const files = new Set<string>();
  const warnings: string[] = [];
  const unreadable = new Map<string, string>();
  for (const pattern of wanted) {
    const found = await expandPattern(pattern, opts, unreadable);
    if (!found.length) warnings.push(`${pattern}: matched no Go files${opts.tests ? '' : ' (without _test.go files)'}`);
    for (const f of found) files.add(f);
  }
  const sorted = [...files].sort();
  // The root is the module (or workspace) that encloses the first pattern's base directory, so that paths
  // of nested modules below it stay inside it.
  const base = path.resolve(opts.cwd, patternBase(wanted[0]!));
  const anchor = base.endsWith('.go') ? path.dirname(base) : base;
  const info = findModule(anchor, opts.cwd);
  if (!info.modules.size) warnings.push(`no go.mod or go.work above ${path.relative(opts.cwd, anchor) || '.'}: run maprace in a Go module (imports of the module's own packages are not resolved)`);
  return { ...info, files: sorted, warnings, unreadable: [...unreadable].map(([dir, message]) => ({ dir, message })) };
}

function patternBase(pattern: string): string {
  return pattern === '...' ? '.' : pattern.endsWith('/...') ? pattern.slice(0, -4) || '/' : pattern;
}

async function expandPattern(pattern: string, opts: LoadOptions, unreadable: Map<string, string>): Promise<string[]> {
  const recursive = pattern === '...' || pattern.endsWith('/...');
  const base = path.resolve(opts.cwd, patternBase(pattern));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(base);
  } catch (e) {
    throw new UsageError(`${pattern}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  if (stat.isFile()) {
    if (!base.endsWith('.go')) throw new UsageError(`${pattern}: not a Go file`);
    return [base];
  }
  if (!stat.isDirectory()) throw new UsageError(`${pattern}: not a file or directory`);
  const found = await glob(recursive ? '**/*.go' : '*.go', {
    cwd: base,
    absolute: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: recursive ? SKIP_DIRS : [],
    // The glob skips directories it cannot list without a word; they are code that is not analysed.
    fs: {
      readdir: ((dir: string, options: object, callback: (err: NodeJS.ErrnoException | null, entries: fs.Dirent[]) => void) =>
        fs.readdir(dir, options as { withFileTypes: true }, (err, entries) => {
          if (err) unreadable.set(path.resolve(base, dir), err.message);
          callback(err, entries);
        })) as unknown as typeof fs.readdir,
    },
  });
  return found.filter((f) => opts.tests || !isTestFile(f)).map((f) => path.normalize(f));
}

/** A Go source file's text, or why it is skipped: not a regular file, larger than `maxBytes`, binary (a NUL byte), unreadable. */
export function readGoSource(file: string, maxBytes: number): { text: string; bytes: number } | { skipped: string } {
  const buf = readBounded(file, maxBytes);
  if (isRefusal(buf)) return { skipped: `skipped: ${buf.refused}` };
  if (buf.includes(0)) return { skipped: 'skipped: binary content (NUL byte)' };
  return { text: buf.toString('utf8'), bytes: buf.length };
}

/** Walks up from `dir` to the nearest go.work, else go.mod; reads module paths. */
export function findModule(dir: string, fallback: string): ModuleInfo {
  const modules = new Map<string, string>();
  const skipped: SkipNote[] = [];
  const modulePath = (file: string) => {
    const text = readText(file, skipped);
    return text === undefined ? undefined : parseGoMod(text).module;
  };
  let modDir: string | undefined;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'go.work'))) {
      for (const use of parseGoWork(readText(path.join(d, 'go.work'), skipped) ?? '').uses) {
        const m = modulePath(path.join(d, use, 'go.mod'));
        if (m) modules.set(path.resolve(d, use), m);
      }
      if (modDir && !modules.has(modDir)) {
        const m = modulePath(path.join(modDir, 'go.mod'));
        if (m) modules.set(modDir, m);
      }
      return { root: d, modules, skipped };
    }
    if (!modDir && fs.existsSync(path.join(d, 'go.mod'))) modDir = d;
    if (path.dirname(d) === d) break;
  }
  if (modDir) {
    const m = modulePath(path.join(modDir, 'go.mod'));
    if (m) modules.set(modDir, m);
    return { root: modDir, modules, skipped };
  }
  return { root: path.resolve(fallback), modules, skipped };
}

/** The import path of the package in directory `dir`, from the innermost module that encloses it ('' if none). */
export function importPathOf(modules: Map<string, string>, dir: string): string {
  let best: { dir: string; path: string } | undefined;
  for (const [modDir, modPath] of modules) {
    const rel = path.relative(modDir, dir);
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel) || (best && best.dir.length > modDir.length)) continue;
    best = { dir: modDir, path: rel ? `${modPath}/${rel.split(path.sep).join('/')}` : modPath };
  }
  return best?.path ?? '';
}
