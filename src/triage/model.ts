// The triage model, after panicparse: a crash has goroutines, a goroutine a stack of calls. Race-detector
// reports are a second kind of record.

export type CrashKind =
  | 'concurrent map writes'
  | 'concurrent map read and map write'
  | 'concurrent map iteration and map write'
  | 'concurrent map clone and map write'
  | 'panic'
  | 'fatal error'
  | 'signal';

export interface Call {
  /** '' when the call line was lost and only the file line is left; see `funcFromSource`. */
  func: string;
  /** Raw argument list as printed (`0x4a1b20, 0xc000076180, ...`), or '' for `(...)`. */
  args: string;
  file: string;
  line: number;
  /** `(...)` frames are inlined calls. */
  inlined: boolean;
  /** `func` was lost from the input and named from the --source tree (the function enclosing file:line). */
  funcFromSource?: true;
}

export interface Goroutine {
  id: number;
  /** e.g. `running`, `chan receive`, `semacquire` (without minutes and flags). */
  state: string;
  waitMinutes?: number;
  lockedToThread: boolean;
  stack: Call[];
  createdBy?: { func: string; file: string; line: number; goroutine?: number };
  elided: boolean;
  stackUnavailable: boolean;
  /** 1-based line of the goroutine header in the input. */
  line: number;
}

export interface Crash {
  kind: CrashKind;
  /** The header line's text after `fatal error: ` / `panic: `. */
  message: string;
  /** 1-based line of the header in the input. */
  line: number;
  /** Further header lines: nested panics, `[signal ...]`. */
  notes: string[];
  goroutines: Goroutine[];
  /** The input ended (or another crash began) in the middle of this one. */
  truncated: boolean;
}

export interface RaceAccess {
  op: 'read' | 'write';
  previous: boolean;
  address: string;
  /** Goroutine number, or 0 for the main goroutine. */
  goroutine: number;
  stack: Call[];
}

export interface RaceReport {
  line: number;
  accesses: RaceAccess[];
  created: { goroutine: number; state: string; stack: Call[] }[];
}
