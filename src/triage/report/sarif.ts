// SARIF 2.1.0 for triage: one result per crash and per distinct race, at the map access.
import type * as Sarif from 'sarif';
import type { Frame } from '../analyze.js';
import { type TriageReport, frameKey, raceAccessLabel } from './model.js';

const RULES: Sarif.ReportingDescriptor[] = [
  { id: 'MRT001', name: 'concurrent-map-crash', shortDescription: { text: 'the program crashed with a concurrent map access' } },
  { id: 'MRT002', name: 'data-race', shortDescription: { text: 'the race detector reported a data race' } },
  { id: 'MRT003', name: 'crash', shortDescription: { text: 'the program crashed (panic or fatal error)' } },
];

export function renderSarif(r: TriageReport, version: string): string {
  const loc = (f: Frame, message?: string): Sarif.Location => {
    const local = r.located.get(frameKey(f))?.local;
    const l: Sarif.Location = {
      physicalLocation: {
        artifactLocation: local ? { uri: encodeURI(local), uriBaseId: '%SRCROOT%' } : { uri: encodeURI(f.file.startsWith('/') ? `file://${f.file}` : f.file) },
        region: { startLine: Math.max(1, f.line) },
      },
      logicalLocations: [{ fullyQualifiedName: f.func, kind: 'function' }],
    };
    if (message) l.message = { text: message };
    return l;
  };
  const results: Sarif.Result[] = [];
  for (const c of r.crashes) {
    const access = c.culprit?.access;
    const isMap = c.kind.startsWith('concurrent map');
    const related: Sarif.Location[] = [];
    if (c.otherParty?.access) related.push({ ...loc(c.otherParty.access, `other party (${c.otherParty.certainty}): goroutine ${c.otherParty.goroutine} [${c.otherParty.state}], ${c.otherParty.reason}`), id: 1 });
    if (c.culprit?.createdBy) related.push({ ...loc(c.culprit.createdBy, `goroutine ${c.culprit.goroutine} created here`), id: related.length + 1 });
    const res: Sarif.Result = {
      ruleId: isMap ? 'MRT001' : 'MRT003',
      ruleIndex: isMap ? 0 : 2,
      level: 'error',
      message: { text: `${c.kind === 'panic' ? 'panic' : 'fatal error'}: ${c.message}${c.culprit ? ` in goroutine ${c.culprit.goroutine}` : ''}` },
    };
    if (access) res.locations = [loc(access)];
    if (related.length) res.relatedLocations = related;
    results.push(res);
  }
  for (const g of r.races) {
    const [first, ...rest] = g.accesses.filter((a) => a.access);
    const res: Sarif.Result = {
      ruleId: 'MRT002',
      ruleIndex: 1,
      level: 'error',
      message: { text: `data race: ${g.accesses.map(raceAccessLabel).join(' vs ')}${g.count > 1 ? ` (reported ${g.count} times)` : ''}` },
    };
    if (first?.access) res.locations = [loc(first.access)];
    if (rest.length) res.relatedLocations = rest.map((a, i) => ({ ...loc(a.access!, `${a.previous ? 'previous ' : ''}${a.op}`), id: i + 1 }));
    results.push(res);
  }
  const run: Sarif.Run = { tool: { driver: { name: 'maprace', version, informationUri: 'https://github.com/maprace/maprace', rules: RULES } }, results };
  if (r.sourceRoot) run.originalUriBaseIds = { '%SRCROOT%': { uri: `file://${encodeURI(r.sourceRoot.endsWith('/') ? r.sourceRoot : `${r.sourceRoot}/`)}` } };
  const log: Sarif.Log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  return JSON.stringify(log, null, 2) + '\n';
}
