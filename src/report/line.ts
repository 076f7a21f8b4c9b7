// `--format line`: one line per finding, `file:line:col: message (CODE)`, the shape go vet and staticcheck
// print, which errorformat-based tools (Vim's quickfix, reviewdog -efm="%f:%l:%c: %m") and CI problem matchers
// read as is. Paths relative to the current directory, columns in bytes. A race names its two roots after the
// message (`; between the goroutine started at a.go:13 and the function Direct, declared at a.go:12`).
import type { AnalyzeResult } from '../analysis/api.js';
import type { ReportContext, Reporter } from './reporter.js';
import { terminalSafe } from './source.js';
import { witnessSummary } from './witness.js';

export const lineReporter: Reporter = {
  name: 'line',
  render(result: AnalyzeResult, _ctx: ReportContext): string {
    return result.diagnostics
      .map((d) => terminalSafe(`${d.range.file}:${d.range.start.line}:${d.range.start.column}: ${d.message}${d.witness ? `; ${witnessSummary(d.witness)}` : ''} (${d.check})`) + '\n')
      .join('');
  },
};
