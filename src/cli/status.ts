// What ends a run of `check` how (README, "Exit status"). Not analysed: every entry of the result's `errors` (a
// file or directory that could not be read, a file over a size limit or binary, a package whose analysis
// failed); each is named with its reason in every report format, and the run exits 2. Warnings
// (`maprace: warning: ...` on standard error) say that something asked for was adjusted, never that code was
// left out, and do not change the exit status, except when nothing at all was analysed (2). `--fail-on` sets the
// least severity of a finding that makes the status 1.
import type { AnalyzeResult, FileError } from '../analysis/api.js';
import type { Severity } from '../model.js';
import { terminalSafe } from '../report/source.js';

/** Files or packages listed on standard error at most, when the report does not list them there already. */
const LISTED = 20;

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/**
 * 2 when anything was not analysed, or nothing at all was: "no findings" would then be a claim about code nobody
 * read, so a CI gate must not pass (the report is written in full all the same); else 1 with findings of
 * `failOn` severity or worse, 0 without.
 */
export function exitStatus(result: AnalyzeResult, failOn: Severity | 'none' = 'note'): 0 | 1 | 2 {
  if (result.errors.length || result.stats.files === 0) return 2;
  return failOn !== 'none' && result.diagnostics.some((d) => RANK[d.severity] >= RANK[failOn]) ? 1 : 0;
}

/** "analysis incomplete: N files/packages not analysed", with each and its reason unless `listed` already shows them. */
export function incompleteNotice(errors: FileError[], listed: boolean): string {
  const head = `maprace: analysis incomplete: ${errors.length} files/packages not analysed`;
  if (listed) return `${head} (listed above)\n`;
  const lines = errors.slice(0, LISTED).map((e) => `  ${terminalSafe(e.file)}: ${terminalSafe(e.message)}`);
  if (errors.length > LISTED) lines.push(`  ... and ${errors.length - LISTED} more (listed in the report)`);
  return `${head}:\n${lines.join('\n')}\n`;
}
