// Worker thread entry for the piscina pool: analyses a chunk of package directories.
import type { AnalyzeOptions, AnalyzeResult } from './api.js';
import { analyzeDirs } from './engine.js';

export default function run(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  return analyzeDirs(opts);
}
