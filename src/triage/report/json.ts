// The JSON format, schema in schemas/maprace-triage.schema.json.
import { fingerprint } from '../../report/fingerprint.js';
import type { TriageReport } from './model.js';
import { frameKey } from './model.js';

export function renderJson(r: TriageReport, version: string): string {
  const located = (f: { file: string; line: number } | undefined) => (f ? r.located.get(frameKey(f))?.local ?? null : null);
  const doc = {
    formatVersion: 1,
    tool: { name: 'maprace', version },
    lines: r.lines,
    crashes: r.crashes.map((c, i) => ({
      ...c,
      culprit: c.culprit ? { ...c.culprit, localFile: located(c.culprit.access) } : null,
      otherParty: c.otherParty ? { ...c.otherParty, localFile: located(c.otherParty.access) } : null,
      findings: (r.findings.get(i) ?? []).map((d) => ({ check: d.check, name: d.name, message: d.message, file: d.range.file, line: d.range.start.line, suggestion: d.suggestion ?? null, fingerprint: fingerprint(d) })),
    })),
    races: r.races,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
