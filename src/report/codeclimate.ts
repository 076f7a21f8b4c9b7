// `--format code-climate`: the Code Climate issue list that GitLab reads as a code quality report
// (`artifacts: reports: codequality: maprace.json`), shown in merge requests and the pipeline's Code Quality tab.
// GitLab reads `description`, `check_name`, `fingerprint`, `severity` and `location.path`/`location.lines.begin`.
// A race's description names its two roots (the message names the other access); `content.body` (Markdown, for
// readers that show details) holds the whole witness.
import type { AnalyzeResult } from '../analysis/api.js';
import type { Severity } from '../model.js';
import { fingerprint } from './fingerprint.js';
import { type ReportContext, type Reporter, basePath } from './reporter.js';
import { oneLine, witnessTree } from './witness.js';

/** Code Climate severities: info, minor, major, critical, blocker. A map race crashes the process. */
const SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'minor', note: 'info' };

export const codeClimateReporter: Reporter = {
  name: 'code-climate',
  render(result: AnalyzeResult, ctx: ReportContext): string {
    // GitLab keys issues by fingerprint: findings that share one (same map, function and accesses) are numbered.
    const seen = new Map<string, number>();
    const issues = result.diagnostics.map((d) => ({
      type: 'issue',
      engine_name: 'maprace',
      check_name: `${d.check} ${d.name}`,
      description: oneLine(d),
      ...(d.witness ? { content: { body: `\`\`\`\n${witnessTree(d.witness, '').join('\n').replace(/`/g, "'")}\n\`\`\`\n` } } : {}),
      categories: ['Bug Risk'],
      severity: SEVERITY[d.severity],
      fingerprint: occurrence(seen, fingerprint(d)),
      location: { path: basePath(d.range.file, ctx), lines: { begin: d.range.start.line, end: d.range.end.line } },
    }));
    return JSON.stringify(issues, null, 2) + '\n';
  },
};

function occurrence(seen: Map<string, number>, fp: string): string {
  const n = (seen.get(fp) ?? 0) + 1;
  seen.set(fp, n);
  return n === 1 ? fp : `${fp}-${n}`;
}
