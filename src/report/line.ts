// `--format line`: one line per finding, `file:line:col: message (CODE)`, the shape go vet and staticcheck
// print, which errorformat-based tools (Vim's quickfix, reviewdog -efm="%f:%l:%c: %m") and CI problem matchers
// read as is. Paths relative to the current directory, columns in bytes.
import type { AnalyzeResult } from '../analysis/api.js';
import type { ReportContext, Reporter } from './reporter.js';
import { terminalSafe } from './source.js';

export const lineReporter: Reporter = {
  name: 'line',
  render(result: AnalyzeResult, _ctx: ReportContext): string {
    return result.diagnostics
      .map((d) => terminalSafe(`${d.range.file}:${d.range.start.line}:${d.range.start.column}: ${d.message} (${d.check})`) + '\n')
      .join('');
  },
};
