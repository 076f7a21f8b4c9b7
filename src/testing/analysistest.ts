// The fixture oracle, after golang.org/x/tools/go/analysis/analysistest: every line of a fixture that must be
// reported carries `// want "regexp"` (one quoted or back-quoted regexp per expected diagnostic on that line);
// a diagnostic on a line without a matching want, and a want that no diagnostic matches, both fail. A want
// matches `message (CODE name) fix: suggestion`, so fixtures assert the fix advice too.
import fs from 'node:fs';
import path from 'node:path';
import { comments } from '../go/header.js';
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

/** Matches diagnostics to wants by file and line; each want is used by at most one diagnostic. */
export function compare(diagnostics: Diagnostic[], wants: Want[]): Mismatch {
  const unexpected: Diagnostic[] = [];
  for (const d of diagnostics) {
    // The fix advice is part of what a want can assert: `// want "write of map m.*MR1002.*fix: hold s.mu"`.
    const text = `${d.message} (${d.check} ${d.name})${d.suggestion ? ` fix: ${d.suggestion}` : ''}`;
    const w = wants.find((w) => !w.matched && w.file === d.range.file && w.line === d.range.start.line && w.pattern.test(text));
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
