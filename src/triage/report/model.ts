// What the triage reporters render: the analysis result plus, with --source, local files and check findings.
import type { Diagnostic } from '../../model.js';
import type { Frame, TriageResult } from '../analyze.js';

export interface Located {
  /** Local file relative to the --source root, when the build path could be mapped. */
  local?: string;
  /** The source line, when the file was found. */
  code?: string;
}

export interface TriageReport extends TriageResult {
  lines: number;
  /** Local files for frames, keyed by `file:line` of the build path. */
  located: Map<string, Located>;
  /** check findings matching each crash (by crash index). */
  findings: Map<number, Diagnostic[]>;
  sourceRoot?: string;
}

export const frameKey = (f: Pick<Frame, 'file' | 'line'>) => `${f.file}:${f.line}`;
