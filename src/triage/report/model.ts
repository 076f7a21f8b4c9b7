// What the triage reporters render: the analysis result plus, with --source, local files and check findings.
import type { Diagnostic } from '../../model.js';
import type { CrashSummary, Frame, RaceGroup, TriageResult } from '../analyze.js';

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
  /** The module root the paths of `findings` are relative to. */
  findingsRoot?: string;
}

export const frameKey = (f: Pick<Frame, 'file' | 'line'>) => `${f.file}:${f.line}`;

/** Where a frame is, as printed: `file:line`, or a note for a call line whose file line was lost. */
export const frameFile = (f: Pick<Frame, 'file' | 'line'>, local?: string) => (f.file ? `${local ?? f.file}:${f.line}` : '(file line lost)');

/** What a goroutine did to the map: `wrote` the map, was `writing` the map. */
export const OP_VERB: Record<string, string> = { read: 'read', write: 'wrote', delete: 'deleted from', iterate: 'iterated over', clone: 'cloned' };
export const OP_ING: Record<string, string> = { read: 'reading', write: 'writing', delete: 'deleting from', iterate: 'iterating over', clone: 'cloning' };

/** The crash as the runtime announced it: `fatal error: concurrent map writes`, `panic: ...`, `SIGSEGV: ...`. */
export function crashTitle(c: CrashSummary): string {
  return c.kind.startsWith('concurrent map') || c.kind === 'fatal error' ? `fatal error: ${c.message}` : c.kind === 'panic' ? `panic: ${c.message}` : c.message;
}

/** Why a map crash has no other party. */
export function noOtherParty(c: CrashSummary): string {
  return `not in this traceback${c.goroutineCount <= 1 ? ' (only one goroutine was printed: run with GOTRACEBACK=all, or =system to see map pointers)' : ' (it had already moved on)'}`;
}

/** One access of a race report: `previous read by goroutine 7`, `write by main goroutine`. */
export function raceAccessLabel(a: RaceGroup['accesses'][number]): string {
  return `${a.previous ? 'previous ' : ''}${a.op} by ${a.goroutine ? `goroutine ${a.goroutine}` : 'main goroutine'}`;
}
