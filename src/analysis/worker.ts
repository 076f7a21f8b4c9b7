// Worker thread entry for the piscina pool (and the in-thread path of engine.ts): analyses a chunk of package
// directories with the checks the options enable, taken from the registry. The only module of analysis/ that
// knows the checks.
import { ANALYZERS, defaultChecks } from '../checks/registry.js';
import type { AnalyzeOptions, AnalyzeResult } from './api.js';
import { analyzeDirs } from './driver.js';

export default function run(opts: AnalyzeOptions, byDir?: Map<string, string[]>): Promise<AnalyzeResult> {
  const enabled = new Set(opts.checks ?? defaultChecks());
  return analyzeDirs(opts, ANALYZERS.filter((a) => enabled.has(a.check.code)), enabled, byDir);
}
