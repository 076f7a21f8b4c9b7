// The packages of the main module(s) with their bodies, for following calls across packages: an import path of
// a main module (the go.mod module, or a `use` of a go.work) is located (locate.ts), its non-test Go files are
// parsed and built into a Package, and the package is memoised per worker thread within a budget of source
// bytes (least recently used first out). Dependencies outside the main modules are never loaded with bodies:
// the Universe gives their declarations.
import fs from 'node:fs';
import path from 'node:path';
import { fileNameMatches, readHeader } from './header.js';
import { readGoSource } from './load.js';
import type { PackageLocator } from './locate.js';
import { type Package, type PackageNames, buildPackage } from './package.js';
import { type Tree, parseGo } from './parser.js';
import { Library } from './summaries.js';
import { type Decls, declsOf } from './universe.js';

export interface ProgramLimits {
  /** Source bytes of the packages held at once (their trees take about ten times that). */
  maxBytes: number;
  /** Larger files are skipped. */
  maxFileBytes: number;
  /** Packages with more source than this are not loaded. */
  maxPackageBytes: number;
}

export const DEFAULT_PROGRAM_LIMITS: ProgramLimits = { maxBytes: 8 * 1024 * 1024, maxFileBytes: 1024 * 1024, maxPackageBytes: 4 * 1024 * 1024 };

interface Entry {
  pkg: Package | undefined;
  bytes: number;
}

/** The main modules' packages with bodies, by import path, for one analysis root. */
export class Program {
  private readonly entries = new Map<string, Entry>();
  private readonly declarations = new Map<string, Decls | undefined>();
  private bytes = 0;
  /** Packages not loaded (or dropped) for the budget. */
  overBudget = 0;

  /**
   * `root`: the analysis root, that file paths (`PkgFile.rel`) are relative to; `lib` makes each package's
   * Library (configured summaries) for its import path.
   */
  constructor(
    private readonly locator: PackageLocator,
    private readonly root: string,
    private readonly names: PackageNames,
    private readonly lib: (importPath: string) => Library = (p) => new Library(p),
    private readonly limits: ProgramLimits = DEFAULT_PROGRAM_LIMITS,
  ) {}

  /** Whether an import path belongs to a main module (its packages can be loaded with bodies). */
  isMain(importPath: string): boolean {
    for (const m of this.locator.mainModules.keys()) if (importPath === m || importPath.startsWith(`${m}/`)) return true;
    return false;
  }

  /** The package at an import path of a main module, with bodies; undefined when it is not one, not on disk, or over budget. */
  package(importPath: string): Package | undefined {
    const hit = this.entries.get(importPath);
    if (hit) {
      // Most recently used last.
      this.entries.delete(importPath);
      this.entries.set(importPath, hit);
      return hit.pkg;
    }
    if (!this.isMain(importPath)) return undefined;
    const dir = this.locator.locate(importPath);
    const entry = dir === undefined ? { pkg: undefined, bytes: 0 } : this.read(dir, importPath);
    if (entry.bytes > this.limits.maxPackageBytes) {
      this.overBudget++;
      entry.pkg = undefined;
      entry.bytes = 0;
    }
    while (this.bytes + entry.bytes > this.limits.maxBytes && this.entries.size > 0) {
      const [oldest, e] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldest);
      this.bytes -= e.bytes;
      if (e.pkg) this.overBudget++;
    }
    this.entries.set(importPath, entry);
    this.bytes += entry.bytes;
    return entry.pkg;
  }

  /** The declarations of a main module's package (names qualified), kept after its trees are dropped. */
  decls(importPath: string): Decls | undefined {
    if (this.declarations.has(importPath)) return this.declarations.get(importPath);
    const pkg = this.package(importPath);
    const d = pkg && declsOf(pkg, importPath);
    this.declarations.set(importPath, d);
    return d;
  }

  private read(dir: string, importPath: string): Entry {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !n.startsWith('.') && !n.startsWith('_') && fileNameMatches(n, 'linux', 'amd64')).sort();
    } catch {
      return { pkg: undefined, bytes: 0 };
    }
    const byName = new Map<string, { rel: string; tree: Tree }[]>();
    let bytes = 0;
    for (const name of names) {
      const file = path.join(dir, name);
      const src = readGoSource(file, this.limits.maxFileBytes);
      if ('skipped' in src) continue;
      bytes += src.bytes;
      if (bytes > this.limits.maxPackageBytes) return { pkg: undefined, bytes };
      let tree: Tree;
      try {
        tree = parseGo(src.text);
      } catch {
        continue;
      }
      const header = readHeader(tree);
      if (!header.buildable || !header.packageName || header.packageName === 'main') continue;
      const list = byName.get(header.packageName) ?? [];
      list.push({ rel: path.relative(this.root, file).split(path.sep).join('/'), tree });
      byName.set(header.packageName, list);
    }
    const files = [...byName.values()].sort((a, b) => b.length - a.length)[0];
    if (!files) return { pkg: undefined, bytes: 0 };
    try {
      const pkg = buildPackage(path.relative(this.root, dir).split(path.sep).join('/') || '.', files, this.lib(importPath), { packageNames: this.names, importPath });
      return { pkg, bytes };
    } catch {
      return { pkg: undefined, bytes: 0 };
    }
  }
}
