// One reporter per output format behind one interface; the CLI picks one by name.
import type { AnalyzeResult } from '../analysis/api.js';
import type { CheckMeta } from '../checks/check.js';

export interface ReportContext {
  /** Absolute analysis root: finding paths are relative to it. */
  root: string;
  color: boolean;
  version: string;
  checks: CheckMeta[];
}

export interface Reporter {
  readonly name: string;
  render(result: AnalyzeResult, ctx: ReportContext): string;
}
