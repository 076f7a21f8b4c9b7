// Formats that existing CI plumbing and editors already read: GitHub workflow commands (`--format github`) and
// Checkstyle XML (`--format checkstyle`).
import type { AnalyzeResult } from '../analysis/api.js';
import type { Diagnostic } from '../model.js';
import { extraRelated } from '../witness.js';
import { type ReportContext, type Reporter, basePath } from './reporter.js';
import { oneLine, witnessTree } from './witness.js';

/** Workflow-command escaping (actions/toolkit `command.ts`): data escapes %, CR, LF; properties also : and ,. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_LEVEL = { error: 'error', warning: 'warning', note: 'notice' } as const;

function githubMessage(d: Diagnostic): string {
  const lines = [d.message];
  if (d.witness) lines.push(...witnessTree(d.witness, '  '));
  for (const r of extraRelated(d.related, d.witness).slice(0, 6)) lines.push(`  ${r.range.file}:${r.range.start.line}: ${r.message}`);
  if (d.suggestion) lines.push(`fix: ${d.suggestion}`);
  return lines.join('\n');
}

/** How the CI formats name a file or package that was not analysed (an entry of `errors`). */
const NOT_ANALYSED = 'not analysed';

export const githubReporter: Reporter = {
  name: 'github',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    const notAnalysed = result.errors.map((e) => `::error file=${escapeProperty(basePath(e.file, ctx))},title=${escapeProperty(`maprace: ${NOT_ANALYSED}`)}::${escapeData(e.message)}\n`);
    return notAnalysed.join('') + result.diagnostics
      .map((d) => {
        const props = [`file=${escapeProperty(basePath(d.range.file, ctx))}`, `line=${d.range.start.line}`, `endLine=${d.range.end.line}`];
        // GitHub keeps columns only for annotations on one line.
        if (d.range.start.line === d.range.end.line) props.push(`col=${d.range.start.column}`, `endColumn=${d.range.end.column}`);
        props.push(`title=${escapeProperty(`${d.check} ${d.name}`)}`);
        return `::${GITHUB_LEVEL[d.severity]} ${props.join(',')}::${escapeData(githubMessage(d))}\n`;
      })
      .join('');
  },
};

/**
 * XML 1.0 attribute text: the five entities; tab, newline and CR as character references (a parser turns them
 * into spaces when they stand raw in an attribute); characters XML cannot carry at all replaced by U+FFFD.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const checkstyleReporter: Reporter = {
  name: 'checkstyle',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of result.diagnostics) byFile.set(d.range.file, [...(byFile.get(d.range.file) ?? []), d]);
    const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<checkstyle version="maprace-${xmlEscape(ctx.version)}">`];
    for (const e of result.errors) {
      out.push(`  <file name="${xmlEscape(e.file)}">`, `    <error line="0" severity="error" message="${xmlEscape(`${NOT_ANALYSED}: ${e.message}`)}" source="maprace.not-analysed"/>`, '  </file>');
    }
    for (const [file, list] of byFile) {
      out.push(`  <file name="${xmlEscape(file)}">`);
      for (const d of list) {
        const message = oneLine(d);
        const severity = d.severity === 'note' ? 'info' : d.severity;
        out.push(`    <error line="${d.range.start.line}" column="${d.range.start.column}" severity="${severity}" message="${xmlEscape(message)}" source="maprace.${d.check}"/>`);
      }
      out.push('  </file>');
    }
    out.push('</checkstyle>', '');
    return out.join('\n');
  },
};
