// The terminal format: `file:line:col: severity: message (CODE name)` (the shape compilers print, which editors
// and CI problem matchers read), a code frame with the range underlined, for a race its witness (report/witness.ts:
// both sides from their roots to their accesses, and why nothing orders them), other related locations with
// one-line frames, the fix, and a summary. Everything that comes from the analysed files (paths, source lines,
// identifiers in messages) is made safe for a terminal first.
import pc from 'picocolors';
import type { AnalyzeResult, Truncation } from '../analysis/api.js';
import { MAX_CONSTRAINTS } from '../callgraph/objects.js';
import type { Range } from '../model.js';
import type { ReportContext, Reporter } from './reporter.js';
import { extraRelated } from '../witness.js';
import { SourceCache, terminalSafe } from './source.js';
import { witnessTree } from './witness.js';

export const textReporter: Reporter = {
  name: 'text',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    const c = pc.createColors(ctx.color);
    const src = new SourceCache(ctx.root);
    const out: string[] = [];
    const label = { error: c.red, warning: c.yellow, note: c.cyan };
    const loc = (r: Range) => terminalSafe(`${r.file}:${r.start.line}:${r.start.column}`);
    const frameLines = (r: Range, indent: string, underline: boolean): string[] => {
      const line = src.frame(r.file, r.start.line, r.start.column, r.end.line === r.start.line ? r.end.column : undefined);
      if (!line) return [];
      const num = String(r.start.line);
      const lines = [`${indent}${c.dim(`${num} |`)} ${line.text}`];
      if (underline) lines.push(`${indent}${' '.repeat(num.length)} ${c.dim('|')} ${' '.repeat(line.caret)}${c.red('^'.repeat(line.width))}`);
      return lines;
    };
    const style = { dim: c.dim, loc: c.cyan, bold: c.bold };
    for (const d of result.diagnostics) {
      out.push(`${c.bold(loc(d.range))}: ${label[d.severity](`${d.severity}:`)} ${terminalSafe(d.message)} ${c.dim(`(${d.check} ${d.name})`)}`);
      out.push(...frameLines(d.range, '  ', true));
      // A race: its two sides as a tree; then what the witness does not stand for (other accesses, merged findings).
      if (d.witness) out.push(...witnessTree(d.witness, '  ', style, (r, indent) => frameLines(r, indent, false)));
      const extra = extraRelated(d.related, d.witness);
      for (const r of extra) {
        out.push(`  ${d.witness ? c.dim('also: ') : ''}${c.cyan(loc(r.range))}: ${terminalSafe(r.message)}`);
        if (!d.witness) out.push(...frameLines(r.range, '    ', false));
      }
      if (d.suggestion) out.push(`  ${c.green('fix:')} ${terminalSafe(d.suggestion)}`);
      out.push('');
    }
    for (const e of result.errors) out.push(`${c.yellow('not analysed:')} ${terminalSafe(e.file)}: ${terminalSafe(e.message)}`);
    const files = new Set(result.diagnostics.map((d) => d.range.file)).size;
    const n = result.diagnostics.length;
    const summary = `${n} finding${n === 1 ? '' : 's'}${n ? ` in ${files} file${files === 1 ? '' : 's'}` : ''}; ` +
      `${result.stats.files} files, ${result.stats.lines} lines analysed` +
      (result.stats.skipped ? `, ${result.stats.skipped} skipped (build constraints or generated)` : '') +
      (result.errors.length ? `, ${result.errors.length} not analysed (see above)` : '') +
      truncation(result.stats.truncated);
    out.push(n || result.errors.length ? c.red(summary) : c.green(summary));
    return out.join('\n') + '\n';
  },
};

/** The limits the analysis hit, so that "no finding" is not read as "no race" where it gave up. */
function truncation(t: Truncation | undefined): string {
  if (!t) return '';
  const parts = [
    t.steps ? `${t.steps} package${t.steps === 1 ? '' : 's'} over the step budget` : '',
    t.depth ? `${t.depth} call${t.depth === 1 ? '' : 's'} too deep to follow` : '',
    t.accesses ? `${t.accesses} access${t.accesses === 1 ? '' : 'es'} of crowded maps not paired` : '',
    t.dependencies ? `${t.dependencies} imported package${t.dependencies === 1 ? '' : 's'} over the dependency budget` : '',
    t.objects ? `object identities not computed (the program is too large: ${count(t.objects)} constraints, limit ${count(MAX_CONSTRAINTS)})` : '',
  ].filter(Boolean);
  return parts.length ? `; analysis limits reached: ${parts.join(', ')}` : '';
}

const count = (n: number) => n.toLocaleString('en-US');
