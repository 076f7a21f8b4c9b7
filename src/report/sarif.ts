// SARIF 2.1.0 for code scanning; validated against the official schema in the tests.
import type * as Sarif from 'sarif';
import type { AnalyzeResult } from '../analysis/api.js';
import type { Diagnostic, Position, Range, Witness, WitnessSide } from '../model.js';
import { accessText, rootText, sideSteps } from '../witness.js';
import { fingerprint } from './fingerprint.js';
import { type ReportContext, type Reporter, basePath, reportBase } from './reporter.js';
import { SourceCache, utf16Index } from './source.js';

const DOCS = 'https://github.com/maprace/maprace/blob/main/docs/checks.md';

/** The documentation of a check: its heading in docs/checks.md. */
export const checkDocUri = (c: { code: string; name: string }) => `${DOCS}#${c.code.toLowerCase()}-${c.name}`;

/** A region in UTF-16 code units (columnKind utf16CodeUnits), from the model's byte columns and the file's lines. */
function region(r: Range, src: SourceCache): Sarif.Region {
  const column = (p: Position) => {
    const line = src.raw(r.file, p.line);
    return line === undefined ? p.column : utf16Index(line, p.column) + 1;
  };
  return { startLine: r.start.line, startColumn: column(r.start), endLine: r.end.line, endColumn: column(r.end) };
}

/** A relative URI reference: each path segment percent-encoded (`#`, `?`, `%` in file names included). */
function uriOf(file: string, ctx: ReportContext): string {
  return basePath(file, ctx).split('/').map(encodeURIComponent).join('/');
}

function physical(r: Range, ctx: ReportContext, src: SourceCache): Sarif.Location {
  return { physicalLocation: { artifactLocation: { uri: uriOf(r.file, ctx), uriBaseId: '%SRCROOT%' }, region: region(r, src) } };
}

/** SARIF message text is Markdown-like: brackets and backslashes that are not links are escaped (§3.11.6). */
const escapeText = (s: string) => s.replace(/[\\[\]]/g, (c) => `\\${c}`);

/**
 * The message with its related locations linked (`[vip/manager.go:47](1)`): a location the message names as
 * `file:line` becomes the link, the others follow as "see also".
 */
function linkedMessage(d: Diagnostic): string {
  let text = escapeText(d.message);
  const rest: string[] = [];
  d.related.forEach((r, i) => {
    const where = escapeText(`${r.range.file}:${r.range.start.line}`);
    const at = text.search(new RegExp(`(?<![\\w/.\\[-])${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d\\]])`));
    if (at >= 0) text = `${text.slice(0, at)}[${where}](${i + 1})${text.slice(at + where.length)}`;
    else rest.push(`[${escapeText(r.message)}](${i + 1})`);
  });
  if (rest.length) text += `; see also ${rest.join(', ')}`;
  return d.suggestion ? `${text}; fix: ${escapeText(d.suggestion)}` : text;
}

/**
 * The witness of a race as one codeFlow (its message: why nothing orders the two sides) with one threadFlow per
 * side, in call order: where its root starts (after the calls that reach it, for a goroutine started in a callee),
 * the calls, its access with the locks held. A race of an
 * access with itself (another instance of the same goroutine) has the same path twice.
 */
function codeFlows(w: Witness, loc: (r: Range, message: string) => Sarif.Location): Sarif.CodeFlow[] {
  const flow = (side: WitnessSide, other: boolean): Sarif.ThreadFlow => ({
    message: { text: `${other && w.sameRoot ? 'another instance of the ' : ''}${rootText(side.root)}` },
    locations: [...sideSteps(side, true).map((s) => loc(s.range, s.message)), loc(side.access.range, accessText(side))].map((location) => ({ location })),
  });
  return [{ message: { text: escapeText(w.reason) }, threadFlows: [flow(w.sides[0], false), flow(w.sides[1], true)] }];
}

export const sarifReporter: Reporter = {
  name: 'sarif',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    const src = new SourceCache(ctx.root);
    const rules: Sarif.ReportingDescriptor[] = ctx.checks.map((c) => ({
      id: c.code,
      name: c.name,
      shortDescription: { text: c.title },
      fullDescription: { text: c.doc.split('\n\n')[0]!.replace(/\n/g, ' ') },
      help: { text: c.doc, markdown: c.doc },
      helpUri: checkDocUri(c),
      defaultConfiguration: { enabled: c.defaultEnabled, level: c.defaultSeverity },
      properties: { tags: ['concurrency', 'go'] },
    }));
    const index = new Map(rules.map((r, i) => [r.id, i]));
    const results: Sarif.Result[] = result.diagnostics.map((d) => {
      const r: Sarif.Result = {
        ruleId: d.check,
        level: d.severity,
        message: { text: linkedMessage(d) },
        locations: [physical(d.range, ctx, src)],
        relatedLocations: d.related.map((rel, i) => ({ ...physical(rel.range, ctx, src), id: i + 1, message: { text: rel.message } })),
        partialFingerprints: { 'mapraceFingerprint/v1': fingerprint(d) },
      };
      if (d.witness) r.codeFlows = codeFlows(d.witness, (range, text) => ({ ...physical(range, ctx, src), message: { text: escapeText(text) } }));
      const ruleIndex = index.get(d.check);
      if (ruleIndex !== undefined) r.ruleIndex = ruleIndex;
      if (d.fixes.length) {
        r.fixes = d.fixes.map((f) => ({
          description: { text: f.title },
          artifactChanges: f.edits.map((e) => ({
            artifactLocation: { uri: uriOf(e.range.file, ctx), uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: region(e.range, src), insertedContent: { text: e.newText } }],
          })),
        }));
      }
      return r;
    });
    const log: Sarif.Log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'maprace', version: ctx.version, informationUri: 'https://github.com/maprace/maprace', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToUri(reportBase(ctx)) } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{
          executionSuccessful: true,
          // Files or packages not analysed (the run exits 2, cli/status.ts) are errors; files analysed with a caveat
          // (a syntax error) are warnings.
          toolExecutionNotifications: [
            ...result.errors.map((e) => ({ level: 'error' as const, file: e.file, message: e.message })),
            ...(result.warnings ?? []).map((e) => ({ level: 'warning' as const, file: e.file, message: e.message })),
          ].map((e) => ({
            level: e.level,
            message: { text: e.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(e.file, ctx), uriBaseId: '%SRCROOT%' } } }],
          })),
        }],
      }],
    };
    return JSON.stringify(log, null, 2) + '\n';
  },
};

function pathToUri(p: string): string {
  const withSlash = p.endsWith('/') ? p : `${p}/`;
  return `file://${withSlash.split('/').map(encodeURIComponent).join('/')}`;
}
