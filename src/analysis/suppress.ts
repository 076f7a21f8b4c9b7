// `//maprace:ignore CODE[,CODE] reason` directives: a directive silences findings of those codes on its own
// line and on the line below it. The driver applies them to a package's findings; the checks MR0001 (no
// reason) and MR0002 (silences nothing) then report on the directives themselves.
import type { Comment } from '../go/header.js';
import type { Diagnostic, Range } from '../model.js';

export interface Directive {
  range: Range;
  codes: string[];
  reason: string;
  used: boolean;
}

const PREFIX = '//maprace:ignore';

export function readDirectives(file: string, comments: readonly Comment[]): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    if (!c.text.startsWith(PREFIX)) continue;
    const rest = c.text.slice(PREFIX.length);
    if (rest && !/^\s/.test(rest)) continue;
    const words = rest.trim().split(/\s+/).filter(Boolean);
    const codes = (words[0] ?? '').split(',').filter(Boolean).map((s) => s.toUpperCase());
    out.push({
      range: { file, start: c.start, end: c.end },
      codes,
      reason: words.slice(1).join(' '),
      used: false,
    });
  }
  return out;
}

/** Drops suppressed diagnostics and marks the directives that silenced one as used. */
export function suppress(diags: Diagnostic[], directives: readonly Directive[]): Diagnostic[] {
  const kept: Diagnostic[] = [];
  for (const d of diags) {
    const dir = directives.find((x) => x.range.file === d.range.file && x.codes.includes(d.check) &&
      (x.range.start.line === d.range.start.line || x.range.start.line + 1 === d.range.start.line));
    if (dir) dir.used = true;
    else kept.push(d);
  }
  return kept;
}

/** The finding on a directive itself (MR0001, MR0002). */
export function directiveFinding(message: string, x: Directive, suggestion: string): Omit<Diagnostic, 'check' | 'name' | 'severity'> {
  return { message, range: x.range, related: [], fixes: [], suggestion, fingerprint: { function: '', map: x.codes.join(','), kinds: 'directive' } };
}

/** `MR1001,MR1002`, as a directive names its codes in messages. */
export function directiveCodes(x: Directive): string {
  return x.codes.join(',') || '(no code)';
}
