// The fixture oracle, after golang.org/x/tools/go/analysis/analysistest: every line of a fixture that must be
// reported carries `// want "regexp"` (one quoted or back-quoted regexp per expected diagnostic on that line);
// a diagnostic on a line without a matching want, and a want that no diagnostic matches, both fail. A want
// matches `message (CODE name) fix: suggestion`, so fixtures assert the fix advice too.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckAnalyzer } from '../analysis/analyzer.js';
import { analyzeDirs } from '../analysis/driver.js';
import { comments } from '../go/header.js';
import { loadFiles } from '../go/load.js';
import { loadGo, parseGo } from '../go/parser.js';
import type { Diagnostic } from '../model.js';

export interface Want {
  file: string;
  line: number;
  pattern: RegExp;
  matched: boolean;
}

export interface Mismatch {
  unexpected: Diagnostic[];
  unmatched: Want[];
}

/** Reads every `// want` comment of the given files; paths in results are relative to `root`. */
export async function readWants(root: string, files: string[]): Promise<Want[]> {
  await loadGo();
  const wants: Want[] = [];
  for (const file of files) {
    const tree = parseGo(fs.readFileSync(file, 'utf8'));
    for (const c of comments(tree)) {
      // `// want "re"`, or `/* want "re" */` where the line also carries a line comment (a directive).
      const m = /^\/\/\s*want\s+(.*)$/.exec(c.text) ?? /^\/\*\s*want\s+(.*?)\s*\*\/$/.exec(c.text);
      if (!m) continue;
      for (const pattern of parseWantPatterns(m[1]!)) {
        wants.push({
          file: path.relative(root, file).split(path.sep).join('/'),
          line: c.startPosition.row + 1,
          pattern: new RegExp(pattern),
          matched: false,
        });
      }
    }
  }
  return wants;
}

/** `"a\"b" `+"`c`"+` → ['a"b', 'c']: Go string literal syntax, like analysistest. */
export function parseWantPatterns(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new Error(`unterminated raw string in want: ${text}`);
      out.push(text.slice(i + 1, end));
      i = end + 1;
    } else if (ch === '"') {
      let s = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          const n = text[i + 1]!;
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n === '"' || n === '\\' ? n : '\\' + n;
          i += 2;
        } else s += text[i++];
      }
      if (text[i] !== '"') throw new Error(`unterminated string in want: ${text}`);
      out.push(s);
      i++;
    } else {
      throw new Error(`want expects quoted regexps, got: ${text}`);
    }
  }
  return out;
}

/** What a want's regexp is matched against: `message (CODE name) fix: suggestion`. */
export function findingText(d: Diagnostic): string {
  // The fix advice is part of what a want can assert: `// want "write of map m.*MR1002.*fix: hold s.mu"`.
  return `${d.message} (${d.check} ${d.name})${d.suggestion ? ` fix: ${d.suggestion}` : ''}`;
}

/**
 * Matches diagnostics to wants by file and line; each want is used by at most one diagnostic. `text` words a
 * diagnostic for the wants' regexps (test/precision.test.ts puts the severity in front).
 */
export function compare(diagnostics: Diagnostic[], wants: Want[], text: (d: Diagnostic) => string = findingText): Mismatch {
  const unexpected: Diagnostic[] = [];
  for (const d of diagnostics) {
    const t = text(d);
    const w = wants.find((w) => !w.matched && w.file === d.range.file && w.line === d.range.start.line && w.pattern.test(t));
    if (w) w.matched = true;
    else unexpected.push(d);
  }
  return { unexpected, unmatched: wants.filter((w) => !w.matched) };
}

export function formatMismatch(m: Mismatch): string {
  const lines: string[] = [];
  for (const d of m.unexpected) lines.push(`unexpected: ${d.range.file}:${d.range.start.line}:${d.range.start.column}: ${d.message} (${d.check})`);
  for (const w of m.unmatched) lines.push(`missing:    ${w.file}:${w.line}: want ${w.pattern}`);
  return lines.join('\n');
}

/** Directories under `dir` holding a go.mod (fixture modules), sorted. */
export function findModules(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findModules(p, out);
    else if (e.name === 'go.mod') out.push(path.dirname(p));
  }
  return out.sort();
}

/** The source `testdata` folder next to a compiled test (`dist/src/checks/X/index.test.js` → `src/checks/X/testdata`). */
export function testdataOf(testModuleUrl: string): string {
  const dir = path.dirname(fileURLToPath(testModuleUrl));
  return path.join(dir.replace(`${path.sep}dist${path.sep}src${path.sep}`, `${path.sep}src${path.sep}`), 'testdata');
}

export interface RunResult {
  module: string;
  dependencyTypes: boolean;
  /** The findings of the check under test. */
  diagnostics: Diagnostic[];
  mismatch: Mismatch;
}

/**
 * Runs one check alone over every Go module under `dir`, twice (with the types of its dependencies, and with
 * none), and compares its findings with the `// want` patterns that name its code; wants for other checks are
 * not this check's business. `alongside`: checks whose findings this one judges (the directive checks judge
 * directives against the race checks' findings); their own findings are not compared.
 */
export async function run(check: CheckAnalyzer, dir: string, opts: { alongside?: readonly CheckAnalyzer[] } = {}): Promise<RunResult[]> {
  const checks = [check, ...(opts.alongside ?? []).filter((c) => c !== check)];
  const enabled = new Set(checks.map((c) => c.check.code));
  const out: RunResult[] = [];
  const modules = findModules(dir);
  if (modules.length === 0) throw new Error(`no Go module under ${dir}`);
  for (const mod of modules) {
    const loaded = await loadFiles(['./...'], { cwd: mod });
    const wants = (await readWants(mod, loaded.files)).filter((w) => w.pattern.source.includes(check.check.code));
    for (const dependencyTypes of [true, false]) {
      const result = await analyzeDirs({ root: mod, modules: loaded.modules, files: loaded.files, dependencyTypes }, checks, enabled);
      if (result.errors.length) throw new Error(`${mod}: ${result.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
      const diagnostics = result.diagnostics.filter((d) => d.check === check.check.code);
      out.push({ module: mod, dependencyTypes, diagnostics, mismatch: compare(diagnostics, wants.map((w) => ({ ...w, matched: false }))) });
    }
  }
  return out;
}

/** The mismatches of a run, one block per module and mode; empty when every want matched and nothing else was reported. */
export function failures(results: readonly RunResult[]): string {
  return results
    .filter((r) => r.mismatch.unexpected.length || r.mismatch.unmatched.length)
    .map((r) => `${r.module} (${r.dependencyTypes ? 'dependency types' : 'no module cache'}):\n${formatMismatch(r.mismatch)}`)
    .join('\n');
}

/** The finding of a run at `file:line` (relative to its module), from the run with dependency types. */
export function findingAt(results: readonly RunResult[], at: string): Diagnostic {
  const d = results.filter((r) => r.dependencyTypes).flatMap((r) => r.diagnostics).find((x) => `${x.range.file}:${x.range.start.line}` === at);
  if (!d) throw new Error(`no finding at ${at}`);
  return d;
}

/** A finding's related locations as `kind file:line message`, for assertions. */
export function relatedOf(d: Diagnostic): string[] {
  return d.related.map((r) => `${r.kind ?? '-'} ${r.range.file}:${r.range.start.line} ${r.message}`);
}
