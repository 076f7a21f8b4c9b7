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
}

/** What runs one side of a race: the kinds of concurrency roots the engine knows. */
export type RootKind = 'goroutine' | 'handler' | 'reconciler' | 'api' | 'flow';

/** Where a root starts: a `go` statement (or errgroup.Go, AfterFunc), a handler registration, a declaration. */
export type RootStartKind = 'spawn' | 'registration' | 'declaration';

/** The code that runs one side of a race. */
export interface WitnessRoot {
  kind: RootKind;
  /** As the engine names it: `goroutine started here`, `handler (*Server).ServeHTTP`, `Direct`. */
  label: string;
  /** The function or method it runs, for roots that are declarations (handlers, reconcilers, API, flows). */
  function?: string;
  start?: { kind: RootStartKind; range: Range };
  /** Whether several instances of it run at once (a `go` in a loop, one handler call per request). */
  multi: boolean;
  /** For `multi` roots: how the instances overlap (`in another request`, `MaxConcurrentReconciles: 4 at main.go:30`). */
  instances?: string;
  /** The function's id in the program (`<import path>.T.M`), for roots walked from a declaration. */
  id?: string;
  /**
   * Concurrency assumed, not witnessed: an exported method of a type that takes no lock, "callable from any
   * goroutine". When the whole module is analysed, the roots of the program that reach the method replace it, or
   * the finding is dropped (analysis/program-witness.ts); otherwise it stays, marked so.
   */
  assumed?: boolean;
}

/** One call on the way from a root to its access. */
export interface WitnessStep {
  range: Range;
  /** `calls store.(*Store).Put` */
  message: string;
}

/** A lock held at an access, as written (`s.mu`); `read` for RLock. */
export interface WitnessLock {
  name: string;
  mode: 'read' | 'write';
}

/** One side of a race: its root, the calls from the root to the access in call order, the access and its locks. */
export interface WitnessSide {
  root: WitnessRoot;
  path: WitnessStep[];
  /**
   * How many of the first `path` steps lead to where the root starts: a goroutine started inside a function that
   * its spawner calls runs after the calls that reach its `go` statement. 0 when the root starts first.
   */
  startsAfter: number;
  access: { range: Range; kind: AccessKind; map: string; receiver?: ReceiverField };
  locks: WitnessLock[];
}

/**
 * An access to a map field of the receiver of the method it is written in (`c.items` in `(*Cache).Put`): which
 * objects the method runs on is the whole program's to say (callgraph/objects.ts). `func`: the method's id.
 */
export interface ReceiverField {
  func: string;
  field: string;
}

/**
 * Why a race can happen: two sides that can run at the same time, each from its root to its access, and why
 * nothing (a join, a channel receive, a common lock) orders them.
 */
export interface Witness {
  /** The reported access's side, then the other access's side. */
  sides: [WitnessSide, WitnessSide];
  /** Both sides are instances of one root (two requests of one handler, two goroutines of one `go` statement). */
  sameRoot: boolean;
  /** Why nothing orders the two sides, in words. */
  reason: string;
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
  /**
   * The other access(es), the goroutine spawn sites, the call paths; for race findings generated from the
   * witness (then other accesses of the map that race with this one), for the consumers of a flat list.
   */
  related: RelatedLocation[];
  /** For race findings: the two sides of the race, from their roots to their accesses, and why they overlap. */
  witness?: Witness;
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
