// Worker thread entry for the piscina pool (and the in-thread path of engine.ts): analyses a chunk of package
// directories with the checks the options enable, taken from the registry. The only module of analysis/ that
// knows the checks.
import { ANALYZERS, defaultChecks, findCheck } from '../checks/registry.js';
import type { AnalyzeOptions, AnalyzeResult } from './api.js';
import { analyzeDirs, directiveAt } from './driver.js';

export default async function run(opts: AnalyzeOptions, byDir?: Map<string, string[]>): Promise<AnalyzeResult> {
  const enabled = new Set(opts.checks ?? defaultChecks());
  return settleDirectives(await analyzeDirs(opts, ANALYZERS.filter((a) => enabled.has(a.check.code)), enabled, byDir));
}

/**
 * Drops the "silences nothing" findings (MR0002) of directives that silenced a finding reached from another
 * package's analysis (`usedDirectives`, possibly of another worker: the engine settles the merged result again).
 */
export function settleDirectives(result: AnalyzeResult): AnalyzeResult {
  const used = new Set(result.usedDirectives ?? []);
  const unused = findCheck('unused-ignore')?.code;
  if (used.size) result.diagnostics = result.diagnostics.filter((d) => d.check !== unused || !used.has(directiveAt(d.range)));
  return result;
}
