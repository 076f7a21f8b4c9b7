// Where the source of an imported package lives, decided the way `go build` would without running it: a
// package of a main module (the go.mod module, or every `use` of a go.work), vendor/<path> when
// vendor/modules.txt exists, else the module cache at the version go.mod requires (after `replace`
// directives, local directories included). No toolchain call, no network: a package that is not on disk is
// not found.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isRegularFile } from '../io/read.js';
import { type Replace, type SkipNote, compareVersions, escapeModulePath, isLocalPath, parseGoMod, parseGoWork, readText } from './gomod.js';

export interface LocatorEnv {
  GOMODCACHE?: string | undefined;
  GOPATH?: string | undefined;
  GOFLAGS?: string | undefined;
  HOME?: string | undefined;
}

export class PackageLocator {
  /** Main modules: module path → absolute directory. */
  readonly mainModules = new Map<string, string>();
  /** Required modules: module path → version (the highest one across a workspace's modules). */
  readonly requires = new Map<string, string>();
  /** Replacements, with the directory local ones are relative to. */
  readonly replaces: { r: Replace; base: string }[] = [];
  /** vendor/ directory when the build would use it. */
  readonly vendorDir: string | undefined;
  readonly modCache: string;
  /** go.work and go.mod files refused by the bounded reader. */
  readonly skipped: SkipNote[] = [];
  private readonly cache = new Map<string, string | undefined>();

  /**
   * `root` is the directory of a go.work or go.mod file (go.work wins, as in `findModule`); a directory
   * with neither locates nothing.
   */
  constructor(readonly root: string, env: LocatorEnv = process.env) {
    this.modCache = moduleCacheDir(env);
    const work = readText(path.join(root, 'go.work'), this.skipped);
    const moduleDirs = work === undefined ? [root] : [];
    if (work !== undefined) {
      const w = parseGoWork(work);
      for (const use of w.uses) moduleDirs.push(path.resolve(root, use));
      for (const r of w.replaces) this.replaces.push({ r, base: root });
    }
    for (const dir of moduleDirs) {
      const text = readText(path.join(dir, 'go.mod'), this.skipped);
      if (text === undefined) continue;
      const mod = parseGoMod(text);
      if (mod.module) this.mainModules.set(mod.module, dir);
      for (const [p, v] of mod.requires) {
        const have = this.requires.get(p);
        if (!have || compareVersions(have, v) < 0) this.requires.set(p, v);
      }
      // go.work replacements come first and win over a module's own.
      for (const r of mod.replaces) this.replaces.push({ r, base: dir });
    }
    const mode = /(?:^|\s)-mod=(\w+)/.exec(env.GOFLAGS ?? '')?.[1];
    const vendor = path.join(root, 'vendor');
    this.vendorDir = mode !== 'mod' && mode !== 'readonly' && isRegularFile(path.join(vendor, 'modules.txt')) ? vendor : undefined;
  }

  /** The directory of an import path's package, or undefined when it is not on disk. */
  locate(importPath: string): string | undefined {
    if (this.cache.has(importPath)) return this.cache.get(importPath);
    const dir = this.find(importPath);
    this.cache.set(importPath, dir);
    return dir;
  }

  private find(importPath: string): string | undefined {
    if (!validImportPath(importPath)) return undefined;
    const main = longestPrefix(importPath, this.mainModules.keys());
    const mod = longestPrefix(importPath, this.requires.keys());
    // A module nested in a main module's directory is its own module when it is required.
    if (main !== undefined && (mod === undefined || main.length >= mod.length)) {
      return existingDir(path.join(this.mainModules.get(main)!, rest(importPath, main)));
    }
    if (this.vendorDir) return existingDir(path.join(this.vendorDir, importPath));
    if (mod === undefined) return undefined;
    const version = this.requires.get(mod)!;
    const repl = this.replaces.find(({ r }) => r.old === mod && (r.oldVersion === undefined || r.oldVersion === version));
    let modDir: string | undefined;
    if (!repl) modDir = this.cachedModule(mod, version);
    else if (isLocalPath(repl.r.new)) modDir = path.resolve(repl.base, repl.r.new);
    else if (repl.r.newVersion) modDir = this.cachedModule(repl.r.new, repl.r.newVersion);
    return modDir === undefined ? undefined : existingDir(path.join(modDir, rest(importPath, mod)));
  }

  private cachedModule(modulePath: string, version: string): string | undefined {
    if (!validImportPath(modulePath) || !/^v[0-9A-Za-z.+-]+$/.test(version)) return undefined;
    return path.join(this.modCache, `${escapeModulePath(modulePath)}@${escapeModulePath(version)}`);
  }
}

/** GOMODCACHE, else the first GOPATH entry's pkg/mod, else ~/go/pkg/mod (what `go env GOMODCACHE` defaults to). */
export function moduleCacheDir(env: LocatorEnv): string {
  if (env.GOMODCACHE) return path.resolve(env.GOMODCACHE);
  const gopath = env.GOPATH?.split(path.delimiter).find((p) => p !== '');
  if (gopath) return path.resolve(gopath, 'pkg', 'mod');
  return path.join(env.HOME ?? os.homedir(), 'go', 'pkg', 'mod');
}

/**
 * Import paths as `go` accepts them (letters, digits, `-._~+/`, no empty, `.` or `..` element), so a path
 * read from hostile source cannot climb out of the module directory.
 */
function validImportPath(p: string): boolean {
  if (!/^[A-Za-z0-9._~+\-/]+$/.test(p)) return false;
  return p.split('/').every((e) => e !== '' && e !== '.' && e !== '..');
}

function longestPrefix(importPath: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const m of candidates) {
    if ((importPath === m || importPath.startsWith(`${m}/`)) && (best === undefined || m.length > best.length)) best = m;
  }
  return best;
}

function rest(importPath: string, modulePath: string): string {
  return importPath.slice(modulePath.length + 1);
}

function existingDir(dir: string): string | undefined {
  try {
    return fs.statSync(dir).isDirectory() ? dir : undefined;
  } catch {
    return undefined;
  }
}
