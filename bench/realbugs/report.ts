// The real-bug benchmark's per-entry result and its summary tables.
import { table } from '../measure.js';
import { type Half, PATTERNS } from './model.js';

export interface EntryResult {
  id: string;
  repo: string;
  half: Half | undefined;
  pattern: string;
  crossPackage: boolean;
  status: 'scored' | 'no-repo' | 'failed';
  error?: string;
  packages?: string[];
  foundInPackages?: boolean;
  foundInModule?: boolean;
  hits?: string[];
  near?: number;
  goneAtFix?: boolean;
  /** Findings of the module run at the buggy commit that are not about this bug, per 1,000 lines. */
  otherPerKloc?: number;
  moduleSeconds?: number;
  moduleLines?: number;
}

const pct = (n: number, d: number) => (d ? `${n}/${d} (${Math.round((100 * n) / d)}%)` : '-');

/** One table per half: entries, found in the touched packages, found in ./..., gone at the fix (of those found), other findings per kLoC. */
export function summary(results: readonly EntryResult[], module: boolean): string {
  const lines: string[] = [];
  for (const half of ['validation', 'tuning', undefined] as const) {
    const mine = results.filter((r) => r.half === half);
    if (!mine.length) continue;
    const rows = [['pattern', 'entries', 'scored', 'found (packages)', ...(module ? ['found (./...)'] : []), 'gone at fix (of found)', ...(module ? ['other findings/kLoC'] : [])]];
    const groups: [string, EntryResult[]][] = [...PATTERNS.map((p) => [p, mine.filter((r) => r.pattern === p)] as [string, EntryResult[]]), ['cross-package', mine.filter((r) => r.crossPackage)], ['all', mine]];
    for (const [name, rs] of groups) {
      if (!rs.length) continue;
      const scored = rs.filter((r) => r.status === 'scored');
      const found = scored.filter((r) => (module ? r.foundInModule : r.foundInPackages));
      const kloc = scored.filter((r) => r.otherPerKloc !== undefined).map((r) => r.otherPerKloc!);
      rows.push([
        name,
        String(rs.length),
        String(scored.length),
        pct(scored.filter((r) => r.foundInPackages).length, scored.length),
        ...(module ? [pct(scored.filter((r) => r.foundInModule).length, scored.length)] : []),
        pct(found.filter((r) => r.goneAtFix).length, found.length),
        ...(module ? [kloc.length ? (kloc.reduce((a, b) => a + b, 0) / kloc.length).toFixed(2) : '-'] : []),
      ]);
    }
    lines.push(`${half ? `${half} half` : 'repositories outside the split'} (${new Set(mine.map((r) => r.repo)).size} repositories)`, table(rows), '');
  }
  const skipped = results.filter((r) => r.status !== 'scored');
  if (skipped.length) lines.push(`not scored: ${skipped.map((r) => `${r.id} (${r.status}${r.error ? `: ${r.error}` : ''})`).join('; ')}`, '');
  return lines.join('\n') + '\n';
}
