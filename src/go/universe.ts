// The declarations of imported packages — other packages of the module, vendor/ and the Go module cache —
// loaded on first use: a package's non-test files are parsed, its types, method and function results and
// package variables are extracted with the package's own names rewritten to its import path, and the trees
// are freed at once. One Universe per worker thread memoises packages by directory, within a budget of
// packages, bytes and heap; unreadable, oversized or broken files are passed over, never thrown. Files that are
// not regular files or nest too deeply, and a budget that runs out, are noted (`takeNotes`) for the warnings.
import fs from 'node:fs';
import path from 'node:path';
import { evalConstraint, fileNameMatches, readHeader } from './header.js';
import { heapInUse } from '../io/heap.js';
import { READ_LIMITS, isRefusal, readBounded } from '../io/read.js';
import type { SkipNote } from './gomod.js';
import { findModule, readGoSource } from './load.js';
import { PackageLocator, type LocatorEnv } from './locate.js';
import { type Package, type PackageNames, buildPackage } from './package.js';
import { isWordChar, skipLiteral } from './lex.js';
import { TooDeepError, type Tree, parseGo } from './parser.js';
import { Program } from './program.js';
import { Library } from './summaries.js';
import { type GoType, qualify } from './types.js';

/** The declarations of one package, as the walker needs them. */
export interface Decls {
  /** Import path; '' for the package under analysis (whose names are unqualified). */
  path: string;
  /** Type name → the type it is declared as (for an alias, the aliased type). */
  types: Map<string, GoType>;
  aliases: Set<string>;
  typeParams: Map<string, string[]>;
  /** `Type.Method` → results, with the receiver's type parameter names (to substitute type arguments). */
  methods: Map<string, { results: GoType[]; recvTypeParams: string[] }>;
  /** Package function → results. */
  funcs: Map<string, GoType[]>;
  /** Package variable → type. */
  vars: Map<string, GoType>;
}

export interface UniverseLimits {
  /** Packages loaded per Universe (per worker thread). */
  maxPackages: number;
  /** Source bytes parsed per Universe. */
  maxBytes: number;
  /** Larger files are skipped (generated protobuf code, tables). */
  maxFileBytes: number;
  /** Source bytes read from one package; its files after that are passed over. */
  maxPackageBytes: number;
  /** Directories with more .go files are read only up to this many. */
  maxFilesPerPackage: number;
  /** No package is loaded while the thread's JavaScript heap holds more than this many bytes. */
  maxHeap: number;
}

export const DEFAULT_LIMITS: UniverseLimits = {
  maxPackages: 3000, maxBytes: 256 * 1024 * 1024, maxFileBytes: READ_LIMITS.dependency, maxPackageBytes: 16 * 1024 * 1024,
  maxFilesPerPackage: 1000, maxHeap: 512 * 1024 * 1024,
};

/** The platform whose file-name constraints (`_windows.go`) select the files of imported packages. */
const GOOS = 'linux';
const GOARCH = 'amd64';

/** The declarations of a package built from its trees; names are qualified with `importPath` when given. */
export function declsOf(pkg: Package, importPath?: string): Decls {
  const q = importPath ? (t: GoType) => qualify(t, importPath) : (t: GoType) => t;
  const d: Decls = { path: importPath ?? '', types: new Map(), aliases: pkg.aliases, typeParams: pkg.typeParams, methods: new Map(), funcs: new Map(), vars: new Map() };
  for (const [name, t] of pkg.types) d.types.set(name, q(t));
  for (const fn of pkg.funcs.values()) {
    if (fn.recvType) d.methods.set(fn.key, { results: fn.results.map(q), recvTypeParams: fn.recvTypeParams ?? [] });
    else d.funcs.set(fn.name, fn.results.map(q));
  }
  for (const [name, g] of pkg.globals) d.vars.set(name, q(g.type));
  return d;
}

export interface UniverseStats {
  packages: number;
  bytes: number;
  files: number;
  /** Files passed over: too large, unreadable, binary, unparsable. */
  skipped: number;
}

export class Universe {
  readonly stats: UniverseStats = { packages: 0, bytes: 0, files: 0, skipped: 0 };
  private readonly byDir = new Map<string, Decls | undefined>();
  private readonly names = new Map<string, string | undefined>();
  private readonly locators = new Map<string, PackageLocator | undefined>();
  private readonly views = new Map<string, ModuleTypes | undefined>();
  private readonly programs = new Map<string, Program>();
  private notes: SkipNote[] = [];
  /** Packages read in part or not at all because a budget ran out, not yet counted by `takeTruncated`. */
  private truncated = new Set<string>();

  constructor(readonly env: LocatorEnv = process.env, readonly limits: UniverseLimits = { ...DEFAULT_LIMITS }) {}

  /** Files passed over for a reason worth a warning (not regular files, nested too deeply) since the last call. */
  takeNotes(): SkipNote[] {
    const notes = this.notes;
    this.notes = [];
    return notes;
  }

  /** How many packages were read in part or not at all for a spent budget since the last call. */
  takeTruncated(): number {
    const n = this.truncated.size;
    this.truncated = new Set();
    return n;
  }

  /** Forgets every loaded package (to give its memory to the analysis); they are read again when needed. */
  clear(): void {
    this.byDir.clear();
    this.stats.packages = 0;
    this.stats.bytes = 0;
  }

  /** The imported packages as seen from a package directory (its go.mod or go.work); undefined outside a module. */
  forDir(dir: string): ModuleTypes | undefined {
    if (this.views.has(dir)) return this.views.get(dir);
    const { root, modules } = findModule(dir, dir);
    let view: ModuleTypes | undefined;
    if (modules.size > 0) {
      if (!this.locators.has(root)) {
        const locator = new PackageLocator(root, this.env);
        this.notes.push(...locator.skipped);
        this.locators.set(root, locator);
      }
      const locator = this.locators.get(root);
      if (locator) view = new ModuleTypes(this, locator);
    }
    this.views.set(dir, view);
    return view;
  }

  /**
   * The declarations of the package in `dir` (import path `importPath`), loaded once; `names` gives the
   * package names of its imports.
   */
  load(dir: string, importPath: string, names?: PackageNames): Decls | undefined {
    const key = `${dir}\0${importPath}`;
    if (this.byDir.has(key)) return this.byDir.get(key);
    if (this.stats.packages >= this.limits.maxPackages || this.stats.bytes >= this.limits.maxBytes || heapInUse() > this.limits.maxHeap) {
      this.truncated.add(key);
      return undefined;
    }
    const decls = this.read(dir, importPath, names);
    this.byDir.set(key, decls);
    return decls;
  }

  /** The main modules' packages with bodies (one Program per module or workspace and analysis root). */
  program(locator: PackageLocator, root: string, names: PackageNames, lib: (importPath: string) => Library): Program {
    const key = `${locator.root}\0${root}`;
    let p = this.programs.get(key);
    if (!p) {
      // A few programs at a time (the modules of one run): a new analysis root drops the others' trees.
      if (this.programs.size >= 4) this.programs.clear();
      this.programs.set(key, (p = new Program(locator, root, names, lib)));
    }
    return p;
  }

  /** The package name of the Go files in `dir`, from the first package clause of a buildable file, without parsing. */
  packageNameIn(dir: string): string | undefined {
    if (this.names.has(dir)) return this.names.get(dir);
    let name: string | undefined;
    for (const file of goFiles(dir).slice(0, 8)) {
      name = packageClause(path.join(dir, file));
      if (name) break;
    }
    this.names.set(dir, name);
    return name;
  }

  private read(dir: string, importPath: string, packageNames?: PackageNames): Decls | undefined {
    const names = goFiles(dir);
    if (names.length === 0) return undefined;
    this.stats.packages++;
    // Declarations by package clause (a directory may hold a stray `package main` tool or a doc-only package
    // name), built one file at a time so that only one syntax tree is alive.
    const byName = new Map<string, { decls: Decls; files: number }>();
    const lib = new Library(importPath);
    const bytesBefore = this.stats.bytes;
    for (const name of names.slice(0, this.limits.maxFilesPerPackage)) {
      if (this.stats.bytes >= this.limits.maxBytes) break;
      if (this.stats.bytes - bytesBefore >= this.limits.maxPackageBytes) {
        this.truncated.add(`${dir}\0${importPath}`);
        break;
      }
      const file = path.join(dir, name);
      try {
        const tree = this.parseFile(file);
        if (!tree) continue;
        const header = readHeader(tree);
        if (!header.buildable || !header.packageName) continue;
        const decls = declsOf(buildPackage(importPath, [{ rel: name, tree }], lib, { scanBodies: false, ...(packageNames ? { packageNames } : {}) }), importPath);
        const group = byName.get(header.packageName);
        if (group) {
          mergeDecls(group.decls, decls);
          group.files++;
        } else byName.set(header.packageName, { decls, files: 1 });
      } catch (e) {
        this.stats.skipped++;
        if (e instanceof TooDeepError) this.notes.push({ file, message: e.message });
      }
    }
    return [...byName.values()].sort((a, b) => b.files - a.files)[0]?.decls;
  }

  private parseFile(file: string) {
    const src = readGoSource(file, this.limits.maxFileBytes);
    if ('skipped' in src) {
      this.stats.skipped++;
      // Files over the cap are common (generated code) and passed over as documented; special files are not.
      if (src.skipped.endsWith('not a regular file')) this.notes.push({ file, message: src.skipped });
      return undefined;
    }
    this.stats.bytes += src.bytes;
    this.stats.files++;
    return parseGo(declarationSource(src.text));
  }
}

/** Adds the declarations of another file of the same package (later files win, as in one `buildPackage`). */
function mergeDecls(into: Decls, from: Decls): void {
  for (const [name, t] of from.types) {
    into.types.set(name, t);
    if (from.aliases.has(name)) into.aliases.add(name);
    else into.aliases.delete(name);
    const params = from.typeParams.get(name);
    if (params) into.typeParams.set(name, params);
    else into.typeParams.delete(name);
  }
  for (const [k, v] of from.methods) into.methods.set(k, v);
  for (const [k, v] of from.funcs) into.funcs.set(k, v);
  for (const [k, v] of from.vars) into.vars.set(k, v);
}

/** The packages one module (or workspace) can import. */
export class ModuleTypes {
  constructor(private readonly universe: Universe, readonly locator: PackageLocator) {}

  /** Declarations of an imported package; undefined when it is not on disk or over the budget. */
  package(importPath: string): Decls | undefined {
    const dir = this.locator.locate(importPath);
    return dir === undefined ? undefined : this.universe.load(dir, importPath, this.packageName);
  }

  /** The main modules' packages with bodies, paths relative to the analysis root `root`. */
  program(root: string, lib: (importPath: string) => Library): Program {
    return this.universe.program(this.locator, root, this.packageName, lib);
  }

  /** The package name declared at an import path, when the package is on disk. */
  readonly packageName: PackageNames = (importPath) => {
    const dir = this.locator.locate(importPath);
    return dir === undefined ? undefined : this.universe.packageNameIn(dir);
  };
}

/** The non-test Go files of a directory that a linux/amd64 build would consider, sorted; none when unreadable. */
function goFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !n.startsWith('.') && !n.startsWith('_') && fileNameMatches(n, GOOS, GOARCH)).sort();
  } catch {
    return [];
  }
}

/** The package clause of a file whose `//go:build` line can hold, read from its first 16 KiB. */
function packageClause(file: string): string | undefined {
  const head = readBounded(file, 16 * 1024, { prefix: true });
  if (isRefusal(head)) return undefined;
  const text = head.toString('utf8');
  let inBlock = false;
  for (const raw of text.split('\n')) {
    let line = raw.trim();
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      inBlock = false;
      line = line.slice(end + 2).trim();
    }
    if (line.startsWith('/*')) {
      inBlock = !line.includes('*/', 2);
      continue;
    }
    if (line.startsWith('//go:build ') && evalConstraint(line.slice('//go:build '.length)) === false) return undefined;
    const m = /^package\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

let shared: { key: string; universe: Universe } | undefined;

/** This thread's Universe for the environment (a new one when GOMODCACHE, GOPATH, GOFLAGS or HOME change). */
export function sharedUniverse(env: LocatorEnv = process.env): Universe {
  const key = JSON.stringify([env.GOMODCACHE, env.GOPATH, env.GOFLAGS, env.HOME]);
  if (shared?.key !== key) shared = { key, universe: new Universe({ GOMODCACHE: env.GOMODCACHE, GOPATH: env.GOPATH, GOFLAGS: env.GOFLAGS, HOME: env.HOME }) };
  return shared.universe;
}

/** Whether the environment turns reading imported packages off (`MAPRACE_NO_MODCACHE=1`). */
export function universeDisabledByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.MAPRACE_NO_MODCACHE;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * Go source reduced to what the universe reads: the contents of every top-level brace group are emptied except
 * struct and interface types (function bodies, composite literals and function literals become `{}`), and
 * const declarations and comments (but `//go:` directives) are dropped. Types, signatures and initialiser
 * forms stay, and the parser skips most of the text (generated code is mostly bodies, tables and constants).
 * Strings, runes and comments are lexed so braces inside them do not count.
 */
export function declarationSource(src: string): string {
  const out: string[] = [];
  let from = 0;
  /** The last word (identifier or keyword) before the current position, as [start, end). */
  let wordStart = 0;
  let wordEnd = 0;
  /** Depth of struct/interface braces and of parentheses we are inside (their contents are kept). */
  let kept = 0;
  let parens = 0;
  const cut = (start: number, end: number, replacement = '') => {
    out.push(src.slice(from, start), replacement);
    from = end;
  };
  const isWord = (w: string) => wordEnd - wordStart === w.length && src.startsWith(w, wordStart);
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < src.length && isWordChar(src.charCodeAt(j))) j++;
      wordStart = i;
      wordEnd = j;
      if (kept === 0 && parens === 0 && (i === 0 || src[i - 1] === '\n') && isWord('const')) {
        const end = constEnd(src, j);
        cut(i, end);
        i = end;
        wordEnd = wordStart;
        continue;
      }
      i = j;
      continue;
    }
    const skipped = skipLiteral(src, i);
    if (skipped > i) {
      if (src[i] === '/') {
        // A comment is a space (a newline when it spans lines); `struct /* x */ {` is still a struct.
        if (!src.startsWith('//go:', i)) cut(i, skipped, src.slice(i, skipped).includes('\n') ? '\n' : ' ');
      } else wordEnd = wordStart;
      i = skipped;
      continue;
    }
    if (c === 0x7b /* { */) {
      if (isWord('struct') || isWord('interface')) kept++;
      else {
        const end = matchingBrace(src, i);
        cut(i + 1, end);
        i = end;
        wordEnd = wordStart;
        continue;
      }
    } else if (c === 0x7d /* } */ && kept > 0) kept--;
    else if (c === 0x28 /* ( */) parens++;
    else if (c === 0x29 /* ) */ && parens > 0) parens--;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) wordEnd = wordStart;
    i++;
  }
  out.push(src.slice(from));
  return out.join('');
}

/** The end of a const declaration whose keyword ends at `i`: after its `( ... )` group, else at the end of the line. */
function constEnd(src: string, i: number): number {
  let j = i;
  while (src[j] === ' ' || src[j] === '\t') j++;
  if (src[j] !== '(') {
    const nl = src.indexOf('\n', j);
    return nl < 0 ? src.length : nl;
  }
  let depth = 0;
  while (j < src.length) {
    const skipped = skipLiteral(src, j);
    if (skipped > j) {
      j = skipped;
      continue;
    }
    if (src[j] === '(') depth++;
    else if (src[j] === ')' && --depth === 0) return j + 1;
    j++;
  }
  return src.length;
}

/** The index of the `}` closing the `{` at `open` (or the end of the text). */
function matchingBrace(src: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < src.length) {
    const skipped = skipLiteral(src, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    const c = src.charCodeAt(i);
    if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return i;
    i++;
  }
  return src.length;
}
