// The diagnostic model shared by the engine, the checks and every reporter.
// Lines and columns are 1-based; columns count UTF-8 bytes from the start of the line, as go vet and
// staticcheck print them (the SARIF reporter converts them to UTF-16 code units).

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  /** Path relative to the analysis root, with forward slashes. */
  file: string;
  start: Position;
  end: Position;
}

export type AccessKind = 'read' | 'write' | 'iterate';

/** What a related location is: another access of the map, where a goroutine (or handler) starts, a call step. */
export type RelatedKind = 'access' | 'goroutine' | 'call';

/** How a finding is reported: a check's default (CheckMeta.defaultSeverity) unless configured otherwise. */
export type Severity = 'error' | 'warning' | 'note';

/** A place related to a finding: the other access, a goroutine spawn site, a declaration, a call. */
export interface RelatedLocation {
  range: Range;
  message: string;
  /** Set by the race checks; reporters that group related locations use it, others may ignore it. */
  kind?: RelatedKind;
  /**
   * For goroutine starts and call steps: on the path to the reported access (`this`), to the other access
   * (`other`), or to both (two instances of one goroutine). The SARIF reporter turns them into threadFlows.
   */
  side?: 'this' | 'other' | 'both';
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** Parts of a finding that survive unrelated edits; the baseline fingerprint is made from them. */
export interface FingerprintParts {
  /** Enclosing function or method, e.g. `(*Controller).sync` or `main`. */
  function: string;
  /** The map as the finding names it, e.g. `c.cache` or `processed`. */
  map: string;
  /** Access kinds of the pair, sorted, e.g. `read+write`. */
  kinds: string;
}

export interface Diagnostic {
  /** Stable check code, e.g. `MR1001`. */
  check: string;
  /** Check name, e.g. `map-write-in-goroutine`. */
  name: string;
  severity: Severity;
  /** Lowercase, no final period, names real identifiers. */
  message: string;
  /** Primary location: one map access. */
  range: Range;
  /** The other access(es), the goroutine spawn sites, the lock state, the call path. */
  related: RelatedLocation[];
  /** The locks held by the reported access and its partner, in words ("no lock held"), for race findings. */
  lockState?: string;
  /** How to fix it, in words ("guard processed with a sync.Mutex"). */
  suggestion?: string;
  /** Machine-applicable edits, when the check can offer them. */
  fixes: Fix[];
  fingerprint: FingerprintParts;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

/** Results are always reported sorted by file, line, column, then check code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.range.file !== b.range.file) return a.range.file < b.range.file ? -1 : 1;
  return comparePositions(a.range.start, b.range.start) || (a.check < b.check ? -1 : a.check > b.check ? 1 : 0);
}
