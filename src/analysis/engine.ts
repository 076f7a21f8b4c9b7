// The analysis pipeline: read and parse each file once, group files into packages, walk each package's
// functions for goroutines, locks and map accesses, pair the accesses into races, and let each check claim
// the races on its kind of storage. Trees live only while their package is analysed.
import fs from 'node:fs';
import path from 'node:path';
import { readHeader } from '../go/header.js';
import { type Package, buildPackage, disposePackage } from '../go/package.js';
import { type Tree, loadGo, parseGo } from '../go/parser.js';
import { isMutex } from '../go/types.js';
import { CHECKS, RACE_CHECKS } from '../checks/registry.js';
import { type Diagnostic, compareDiagnostics } from '../model.js';
import type { AnalyzeOptions, AnalyzeResult } from './api.js';
import { type Race, describe, findRaces } from './races.js';
import { type Directive, applyDirectives, readDirectives } from './suppress.js';
import { PackageWalker } from './walker.js';

/** Files larger than this are not analysed (generated tables, vendored blobs); they are reported as errors. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  await loadGo();
  const enabled = new Set(opts.checks ?? CHECKS.filter((c) => c.defaultEnabled).map((c) => c.code));
  const result: AnalyzeResult = { diagnostics: [], stats: { files: 0, lines: 0, bytes: 0, skipped: 0 }, errors: [] };
  // Group by directory: one Go package per directory (plus its external _test package).
  const byDir = new Map<string, string[]>();
  for (const file of opts.files) {
    const dir = path.dirname(file);
    const list = byDir.get(dir) ?? [];
    list.push(file);
    byDir.set(dir, list);
  }
  let done = 0;
  for (const [dir, files] of byDir) {
    const parsed = new Map<string, { rel: string; tree: Tree }[]>();
    const directives: Directive[] = [];
    for (const file of files) {
      const rel = toRel(opts.root, file);
      const tree = readAndParse(file, rel, result);
      opts.onProgress?.(++done, opts.files.length);
      if (!tree) continue;
      const header = readHeader(tree);
      if (!header.buildable || (header.generated && !opts.includeGenerated)) {
        result.stats.skipped++;
        tree.delete();
        continue;
      }
      result.stats.files++;
      const end = tree.rootNode.endPosition;
      result.stats.lines += end.row + (end.column > 0 ? 1 : 0);
      directives.push(...readDirectives(rel, tree));
      const list = parsed.get(header.packageName) ?? [];
      list.push({ rel, tree });
      parsed.set(header.packageName, list);
    }
    const diags: Diagnostic[] = [];
    for (const pkgFiles of parsed.values()) {
      const pkg = buildPackage(toRel(opts.root, dir), pkgFiles);
      try {
        diags.push(...analyzePackage(pkg, enabled));
      } catch (e) {
        result.errors.push({ file: pkg.dir, message: `analysis failed: ${(e as Error).message}` });
      } finally {
        disposePackage(pkg);
      }
    }
    result.diagnostics.push(...applyDirectives(diags, directives, enabled));
  }
  result.diagnostics.sort(compareDiagnostics);
  return result;
}

function toRel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/') || '.';
}

function readAndParse(file: string, rel: string, result: AnalyzeResult): Tree | undefined {
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_FILE_BYTES) {
      result.errors.push({ file: rel, message: `skipped: ${stat.size} bytes is over the ${MAX_FILE_BYTES}-byte limit` });
      return undefined;
    }
    const buf = fs.readFileSync(file);
    if (buf.includes(0)) {
      result.errors.push({ file: rel, message: 'skipped: binary content (NUL byte)' });
      return undefined;
    }
    result.stats.bytes += buf.length;
    return parseGo(buf.toString('utf8'));
  } catch (e) {
    result.errors.push({ file: rel, message: (e as Error).message });
    return undefined;
  }
}

export function analyzePackage(pkg: Package, enabled: Set<string>): Diagnostic[] {
  const walker = new PackageWalker(pkg);
  walker.run();
  const lockName = (key: string) => walker.lockNames.get(key) ?? key.replace(/^(field|global|local|text):/, '');
  const out: Diagnostic[] = [];
  for (const race of findRaces(walker.accesses)) {
    const check = RACE_CHECKS.find((c) => c.claims(race));
    if (!check || !enabled.has(check.code)) continue;
    const { message, related } = describe(race, lockName);
    out.push({
      check: check.code,
      name: check.name,
      message,
      range: race.access.range,
      related,
      fixes: [],
      suggestion: check.suggest(race, { structLocks: structLocks(pkg, race), lockName }),
      fingerprint: {
        function: race.access.func,
        map: race.access.storage.expr,
        kinds: [...new Set([race.access.kind, ...race.partners.map((p) => p.kind)])].sort().join('+'),
      },
    });
  }
  return out;
}

/** Mutex fields of the struct that owns a field map, named as the access writes its receiver. */
function structLocks(pkg: Package, race: Race): string[] {
  const s = race.access.storage;
  if (s.kind !== 'field') return [];
  const [typeName] = s.key.slice('field:'.length).split('.');
  const t = pkg.types.get(typeName ?? '');
  if (t?.k !== 'struct') return [];
  const base = s.expr.includes('.') ? s.expr.slice(0, s.expr.lastIndexOf('.')) : '';
  return t.fields.filter((f) => isMutex(f.type)).map((f) => (base ? `${base}.${f.name}` : f.name));
}
