// The JSON format, documented in docs/json-output.md and schemas/maprace-check.schema.json.
import type { AnalyzeResult } from '../analysis/api.js';
import type { Range, Witness, WitnessSide } from '../model.js';
import { fingerprint } from './fingerprint.js';
import type { ReportContext, Reporter } from './reporter.js';

export const JSON_FORMAT_VERSION = 1;

const location = (r: Range) => ({ file: r.file, line: r.start.line, column: r.start.column, endLine: r.end.line, endColumn: r.end.column });

const side = (s: WitnessSide) => ({
  root: {
    kind: s.root.kind,
    label: s.root.label,
    ...(s.root.function !== undefined ? { function: s.root.function } : {}),
    ...(s.root.start ? { start: { kind: s.root.start.kind, location: location(s.root.start.range) } } : {}),
    multi: s.root.multi,
    ...(s.root.instances !== undefined ? { instances: s.root.instances } : {}),
    ...(s.root.assumed ? { assumed: true } : {}),
  },
  path: s.path.map((p) => ({ message: p.message, location: location(p.range) })),
  startsAfter: s.startsAfter,
  access: { kind: s.access.kind, map: s.access.map, location: location(s.access.range) },
  locks: s.locks.map((l) => ({ name: l.name, mode: l.mode })),
});

const witness = (w: Witness) => ({ sides: w.sides.map(side), sameRoot: w.sameRoot, reason: w.reason });

export const jsonReporter: Reporter = {
  name: 'json',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    const doc = {
      formatVersion: JSON_FORMAT_VERSION,
      tool: { name: 'maprace', version: ctx.version },
      stats: result.stats,
      errors: result.errors,
      warnings: result.warnings ?? [],
      findings: result.diagnostics.map((d) => ({
        check: d.check,
        name: d.name,
        severity: d.severity,
        message: d.message,
        location: location(d.range),
        related: d.related.map((r) => ({ message: r.message, ...(r.kind ? { kind: r.kind } : {}), location: location(r.range) })),
        ...(d.witness ? { witness: witness(d.witness) } : {}),
        suggestion: d.suggestion ?? null,
        fixes: d.fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ location: location(e.range), newText: e.newText })) })),
        fingerprint: { ...d.fingerprint, hash: fingerprint(d) },
      })),
    };
    return JSON.stringify(doc, null, 2) + '\n';
  },
};
