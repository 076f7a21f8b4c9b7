// `//maprace:ignore CODE[,CODE] reason` directives: a directive silences findings of those codes on its own
// line and on the line below it. One without a reason is reported (MR0001); one that silences nothing is
// reported (MR0002).
import { comments } from '../go/header.js';
import type { Tree } from '../go/parser.js';
import type { CheckMeta } from '../checks/check.js';
import type { Diagnostic, Range } from '../model.js';
import { MR0001 } from '../checks/MR0001-ignore-without-reason/index.js';
import { MR0002 } from '../checks/MR0002-unused-ignore/index.js';

export interface Directive {
  range: Range;
  codes: string[];
  reason: string;
  used: boolean;
}

const PREFIX = '//maprace:ignore';

export function readDirectives(file: string, tree: Tree): Directive[] {
  const out: Directive[] = [];
  for (const c of comments(tree)) {
    if (!c.text.startsWith(PREFIX)) continue;
    const rest = c.text.slice(PREFIX.length);
    if (rest && !/^\s/.test(rest)) continue;
    const words = rest.trim().split(/\s+/).filter(Boolean);
    const codes = (words[0] ?? '').split(',').filter(Boolean).map((s) => s.toUpperCase());
    out.push({
      range: {
        file,
        start: { line: c.startPosition.row + 1, column: c.startPosition.column + 1 },
        end: { line: c.endPosition.row + 1, column: c.endPosition.column + 1 },
      },
      codes,
      reason: words.slice(1).join(' '),
      used: false,
    });
  }
  return out;
}

/** Drops suppressed diagnostics and adds MR0001/MR0002 findings for the directives themselves. */
export function applyDirectives(diags: Diagnostic[], directives: Directive[], enabled: Set<string>): Diagnostic[] {
  const kept: Diagnostic[] = [];
  for (const d of diags) {
    const dir = directives.find((x) => x.range.file === d.range.file && x.codes.includes(d.check) &&
      (x.range.start.line === d.range.start.line || x.range.start.line + 1 === d.range.start.line));
    if (dir) dir.used = true;
    else kept.push(d);
  }
  for (const x of directives) {
    const what = x.codes.join(',') || '(no code)';
    if (!x.reason && enabled.has(MR0001.code)) {
      kept.push(directiveFinding(MR0001, `maprace:ignore ${what} gives no reason`, x, 'say why the race cannot happen after the code: //maprace:ignore CODE reason'));
    } else if (x.reason && !x.used && enabled.has(MR0002.code) && x.codes.every((c) => enabled.has(c) || !/^MR\d{4}$/.test(c))) {
      kept.push(directiveFinding(MR0002, `maprace:ignore ${what} silences nothing on this line or the next`, x, 'remove the directive'));
    }
  }
  return kept;
}

function directiveFinding(check: CheckMeta, message: string, x: Directive, suggestion: string): Diagnostic {
  return { check: check.code, name: check.name, severity: check.defaultSeverity, message, range: x.range, related: [], fixes: [], suggestion, fingerprint: { function: '', map: x.codes.join(','), kinds: 'directive' } };
}
