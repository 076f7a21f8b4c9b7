// --source: map the paths a binary was built with (/go/src/..., /workspace/..., -trimpath module paths,
// module-cache paths with @vX.Y.Z) to files of a local checkout, by the longest matching path suffix, and find
// the `maprace check` finding at a crash's map access.
import path from 'node:path';
import { glob } from 'tinyglobby';
import { analyze } from '../analysis/engine.js';
import { findModule } from '../go/load.js';
import type { Diagnostic } from '../model.js';
import type { Frame } from './analyze.js';

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
