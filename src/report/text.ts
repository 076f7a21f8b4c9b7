// The terminal format: `file:line:col: message (CODE name)`, a code frame, the related locations with
// one-line frames, the fix, and a summary.
import pc from 'picocolors';
import type { AnalyzeResult } from '../analysis/api.js';
import type { Range } from '../model.js';
import type { ReportContext, Reporter } from './reporter.js';
import { SourceCache } from './source.js';

export const textReporter: Reporter = {
  name: 'text',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    const c = pc.createColors(ctx.color);
    const src = new SourceCache(ctx.root);
    const out: string[] = [];
    const loc = (r: Range) => `${r.file}:${r.start.line}:${r.start.column}`;
    const frame = (r: Range, indent: string, underline: boolean) => {
      const text = src.line(r.file, r.start.line);
      if (text === undefined) return;
      const num = String(r.start.line);
      out.push(`${indent}${c.dim(`${num} |`)} ${text}`);
      if (!underline) return;
      const raw = src.raw(r.file, r.start.line);
      const start = SourceCache.expandColumn(raw, r.start.column);
      const end = r.end.line === r.start.line ? SourceCache.expandColumn(raw, r.end.column) : text.length + 1;
      const width = Math.max(1, Math.min(end - start, text.length - start + 1));
      out.push(`${indent}${' '.repeat(num.length)} ${c.dim('|')} ${' '.repeat(Math.max(0, start - 1))}${c.red('^'.repeat(width))}`);
    };
    for (const d of result.diagnostics) {
      out.push(`${c.bold(loc(d.range))}: ${d.message} ${c.dim(`(${d.check} ${d.name})`)}`);
      frame(d.range, '  ', true);
      for (const r of d.related) {
        out.push(`  ${c.cyan(loc(r.range))}: ${r.message}`);
        frame(r.range, '    ', false);
      }
      if (d.suggestion) out.push(`  ${c.green('fix:')} ${d.suggestion}`);
      out.push('');
    }
    for (const e of result.errors) out.push(`${c.yellow('warning:')} ${e.file}: ${e.message}`);
    const files = new Set(result.diagnostics.map((d) => d.range.file)).size;
    const n = result.diagnostics.length;
    const summary = `${n} finding${n === 1 ? '' : 's'}${n ? ` in ${files} file${files === 1 ? '' : 's'}` : ''}; ` +
      `${result.stats.files} files, ${result.stats.lines} lines analysed` +
      (result.stats.skipped ? `, ${result.stats.skipped} skipped (build constraints or generated)` : '');
    out.push(n ? c.red(summary) : c.green(summary));
    return out.join('\n') + '\n';
  },
};
