// --source: map the paths a binary was built with (/go/src/..., /workspace/..., -trimpath module paths,
// module-cache paths with @vX.Y.Z) to files of a local checkout, by the longest matching path suffix, and find
// the `maprace check` finding at a crash's map access.
import path from 'node:path';
import { glob } from 'tinyglobby';
import { analyze } from '../analysis/engine.js';
import { type DeclaredFunction, declaredFunctions, functionAt } from '../go/funcnames.js';
import { findModule, importPathOf } from '../go/load.js';
import { loadGo, parseGo } from '../go/parser.js';
import type { Diagnostic } from '../model.js';
import type { SourceCache } from '../report/source.js';
import type { Frame, FunctionNamer } from './analyze.js';

export class SourceMap {
  private constructor(
    readonly root: string,
    private readonly byBase: Map<string, string[]>,
  ) {}

  static async open(dir: string): Promise<SourceMap> {
    const root = path.resolve(dir);
    const files = await glob('**/*.go', { cwd: root, ignore: ['**/node_modules/**', '**/.git/**'], followSymbolicLinks: false });
    const byBase = new Map<string, string[]>();
    for (const f of files) {
      const base = path.posix.basename(f);
      const list = byBase.get(base) ?? [];
      list.push(f);
      byBase.set(base, list);
    }
    return new SourceMap(root, byBase);
  }

  /** The local file (relative to the root) a frame's build path refers to, if any. */
  local(buildPath: string): string | undefined {
    const parts = buildPath.replace(/\\/g, '/').split('/').filter(Boolean).map((p) => p.replace(/@v[^/]*$/, ''));
    const candidates = this.byBase.get(parts[parts.length - 1] ?? '') ?? [];
    let best: string | undefined;
    let bestScore = 0;
    for (const c of candidates) {
      const cp = c.split('/');
      let score = 0;
      while (score < cp.length && score < parts.length && cp[cp.length - 1 - score] === parts[parts.length - 1 - score]) score++;
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    // A bare file name matches only when it is unique.
    if (bestScore === 1 && candidates.length > 1) return undefined;
    return best;
  }

  /** Runs the check engine on the packages of these files; diagnostics paths are relative to the module root. */
  async findings(files: string[]): Promise<{ diagnostics: Diagnostic[]; moduleRoot: string }> {
    const dirs = [...new Set(files.map((f) => path.dirname(path.join(this.root, f))))];
    const all: string[] = [];
    for (const d of dirs) {
      for (const f of await glob('*.go', { cwd: d, absolute: true })) if (!f.endsWith('_test.go')) all.push(path.normalize(f));
    }
    const mod = findModule(dirs[0] ?? this.root, this.root);
    const result = await analyze({ root: mod.root, modules: mod.modules, files: all, jobs: 1 });
    return { diagnostics: result.diagnostics, moduleRoot: mod.root };
  }
}

/** The finding whose primary or related location is this frame's line. */
export function matchFinding(diags: Diagnostic[], file: string, frame: Frame): Diagnostic | undefined {
  return diags.find((d) => d.range.file === file && d.range.start.line === frame.line) ??
    diags.find((d) => d.related.some((r) => r.range.file === file && r.range.start.line === frame.line));
}

/**
 * Names a frame whose call line was lost from its file:line: the declaration that encloses the line in the
 * local file, as Go prints it (`main.(*cache).get`, `example.com/m/pkg.F`; a closure is named by the function
 * that contains it). Files are read through `cache` (its size cap) and parsed once.
 */
export async function functionNamer(map: SourceMap, cache: SourceCache): Promise<FunctionNamer> {
  await loadGo();
  const parsed = new Map<string, { pkg: string; funcs: DeclaredFunction[] } | undefined>();
  return (file, line) => {
    const local = map.local(file);
    if (!local) return undefined;
    if (!parsed.has(local)) parsed.set(local, parseFile(map.root, local, cache));
    const p = parsed.get(local);
    const name = p && functionAt(p.funcs, line);
    return name && `${p.pkg}.${name}`;
  };
}

function parseFile(root: string, local: string, cache: SourceCache): { pkg: string; funcs: DeclaredFunction[] } | undefined {
  const lines = cache.lines(local);
  if (!lines) return undefined;
  const tree = parseGo(lines.join('\n'));
  const clause = tree.rootNode.namedChildren.find((n) => n.type === 'package_clause')?.namedChild(0)?.text;
  if (!clause) return undefined;
  if (clause === 'main') return { pkg: 'main', funcs: declaredFunctions(tree) };
  const dir = path.dirname(path.join(root, local));
  const importPath = importPathOf(findModule(dir, root).modules, dir);
  return { pkg: importPath ? symbolPrefix(importPath) : clause, funcs: declaredFunctions(tree) };
}

/** An import path as symbol names spell it: dots of the last element escaped (`gopkg.in/yaml%2ev3`), as Go does. */
function symbolPrefix(importPath: string): string {
  const slash = importPath.lastIndexOf('/');
  return importPath.slice(0, slash + 1) + importPath.slice(slash + 1).replace(/\./g, '%2e');
}
