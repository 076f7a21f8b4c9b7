// A Program from Go files on disk: the files are grouped into packages by directory and package clause
// (dropping files a linux/amd64 build would not take, and generated ones unless asked), parsed, declared,
// typed (with the universe of imported packages unless it is off) and lowered; each package's trees are
// dropped as soon as it is lowered. For the whole-program engine and for measuring the front end.
import path from 'node:path';
import { readHeader } from '../go/header.js';
import { type ModuleInfo, importPathOf, readGoSource } from '../go/load.js';
import { buildPackage, disposePackage } from '../go/package.js';
import { type Tree, loadGo, parseGo } from '../go/parser.js';
import { Library, type LibrarySummaries } from '../go/summaries.js';
import { TypeLookup } from '../go/typelookup.js';
import { type Universe } from '../go/universe.js';
import { lowerPackage } from './funcs.js';
import type { Package, Program } from './types.js';

export interface ProgramOptions extends ModuleInfo {
  files: string[];
  /** Imported packages' declarations; none when undefined. */
  universe?: Universe;
  library?: LibrarySummaries;
  includeGenerated?: boolean;
  /** Called with each package once it is lowered; the Program then keeps none of them (a stream). */
  each?: (pkg: Package) => void;
}

export interface ProgramStats {
  files: number;
  lines: number;
  /** Files skipped: unreadable, not for this platform, generated, unparsable. */
  skipped: number;
  parseMs: number;
  /** Building declarations (buildPackage) and the type lookup of each package. */
  declareMs: number;
  /** Lowering, with the imported packages' declarations it loads on first use. */
  lowerMs: number;
  /** Packages whose lowering failed (a bug: each is left out of the Program, the others are lowered). */
  failed: { dir: string; message: string }[];
}

export async function loadProgram(opts: ProgramOptions): Promise<{ program: Program; stats: ProgramStats }> {
  await loadGo();
  const stats: ProgramStats = { files: 0, lines: 0, skipped: 0, parseMs: 0, declareMs: 0, lowerMs: 0, failed: [] };
  const byDir = new Map<string, string[]>();
  for (const f of opts.files) {
    const dir = path.dirname(f);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const program: Program = { packages: [] };
  for (const [dir, files] of byDir) {
    const byName = new Map<string, { rel: string; tree: Tree }[]>();
    const t0 = performance.now();
    for (const file of files) {
      const src = readGoSource(file, 4 * 1024 * 1024);
      let tree: Tree | undefined;
      try {
        tree = 'text' in src ? parseGo(src.text) : undefined;
      } catch {
        tree = undefined;
      }
      const header = tree ? readHeader(tree) : undefined;
      if (!tree || !header || !header.buildable || (header.generated && !opts.includeGenerated)) {
        stats.skipped++;
        continue;
      }
      stats.files++;
      stats.lines += tree.rootNode.endPosition.row + 1;
      const rel = path.relative(opts.root, file).split(path.sep).join('/');
      byName.set(header.packageName, [...(byName.get(header.packageName) ?? []), { rel, tree }]);
    }
    stats.parseMs += performance.now() - t0;
    const importPath = importPathOf(opts.modules, dir);
    const lib = new Library(importPath, opts.library);
    const modules = opts.universe?.forDir(dir);
    for (const pkgFiles of byName.values()) {
      const rel = path.relative(opts.root, dir).split(path.sep).join('/') || '.';
      const t1 = performance.now();
      const pkg = buildPackage(rel, pkgFiles, lib, modules ? { packageNames: modules.packageName } : {});
      const types = new TypeLookup(pkg, lib, modules);
      const t2 = performance.now();
      stats.declareMs += t2 - t1;
      try {
        const lowered = lowerPackage(pkg, { types, lib });
        if (opts.each) opts.each(lowered);
        else program.packages.push(lowered);
      } catch (e) {
        stats.failed.push({ dir: rel, message: (e as Error).message });
      } finally {
        disposePackage(pkg);
      }
      stats.lowerMs += performance.now() - t2;
    }
  }
  return { program, stats };
}
