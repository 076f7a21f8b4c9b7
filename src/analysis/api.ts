// The engine's contract with the CLI, the reporters and the tests.
import type { PackageFacts } from '../callgraph/facts.js';
import type { LibrarySummaries } from '../go/summaries.js';
import type { Diagnostic, Severity } from '../model.js';

export interface AnalyzeOptions {
  /** Absolute directory that diagnostic paths are relative to: `maprace check` passes the current directory, as go vet shows paths. */
  root: string;
  /** Module paths by absolute module directory. */
  modules: Map<string, string>;
  /** Absolute paths of the Go files to analyse. */
  files: string[];
  /** Check codes to run; default: every default-enabled check. */
  checks?: string[];
  /** Severity by check code, where the configuration changes a check's default. */
  severity?: Record<string, Severity>;
  /** Map-like types and goroutine roots of the user's code and libraries, from the configuration. */
  library?: LibrarySummaries;
  /** Analyse files whose header says `Code generated ... DO NOT EDIT.` */
  includeGenerated?: boolean;
  /**
   * Read the types of imported packages (other packages of the module, vendor/, the Go module cache) when
   * they are on disk; default true. MAPRACE_NO_MODCACHE=1 in the environment turns it off too.
   */
  dependencyTypes?: boolean;
  /**
   * Follow calls into the other packages of the main module(s) (a goroutine in one package reaching a map in
   * another); default true, and only with the dependency types on.
   */
  crossPackage?: boolean;
  /** Parser/IR worker threads; 0 or 1 parses on the main thread (unless the input is large: docs/limits.md). */
  jobs?: number;
  /** Go files larger than this many bytes are skipped (default `READ_LIMITS.source`, 8 MiB). */
  maxFileBytes?: number;
  /** Memory budget of the whole run in bytes (default `defaultMemoryBudget()`: 2 GiB or half the machine's memory). */
  maxMemory?: number;
  /** @internal The heap budget of the thread that runs `analyzeDirs`, set by `analyze` for its workers. */
  threadMemory?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * The files are every package of the main module(s) (`./...` at the module root): races that rest on an exported
   * method being "callable from any goroutine" (a type that takes no lock) are kept only when the whole program's
   * call graph has two roots that reach the method, and name them (analysis/program-witness.ts).
   */
  wholeProgram?: boolean;
  /** @internal Tests: the whole program's object flow is skipped above this many constraints (callgraph/objects.ts). */
  maxObjectConstraints?: number;
}

export interface AnalyzeStats {
  files: number;
  lines: number;
  bytes: number;
  /** Files skipped for `//go:build ignore`-like constraints or generated headers. */
  skipped: number;
  /**
   * With `wholeProgram`: races that rested on an assumed "callable from any goroutine" root, dropped because no two
   * roots of the program reach the method, and witnessed (the program's roots replaced the assumption).
   */
  programWitness?: { dropped: number; witnessed: number };
  /** Present when the analysis gave up precision somewhere: then "no finding" may mean "gave up". */
  truncated?: Truncation;
}

/** Where the analysis stopped early, by limit. */
export interface Truncation {
  /** Packages whose step budget ran out (the rest of their code was not walked). */
  steps: number;
  /** Calls not followed because they were nested too deep. */
  depth: number;
  /** Map accesses left out of the race pairing because one map had too many. */
  accesses: number;
  /** Calls into other packages of the module not followed: the package was over the memory budget. */
  packages?: number;
  /** Implementations of an interface method not followed at a call through the interface: over the cap. */
  dispatch?: number;
  /** Imported packages whose types were read in part or not at all because the dependency budget ran out (per thread). */
  dependencies: number;
  /**
   * With `wholeProgram`: the constraints of the program's object flow, which were too many to solve (callgraph/
   * objects.ts); the methods' receivers are not told apart, and no race is dropped as one of two objects.
   */
  objects?: number;
}

export interface FileError {
  file: string;
  message: string;
}

export interface AnalyzeResult {
  /** Sorted with compareDiagnostics. */
  diagnostics: Diagnostic[];
  stats: AnalyzeStats;
  /** Files that could not be read or parsed; analysis goes on without them. */
  errors: FileError[];
  /** Files analysed with a caveat (syntax errors: only what parses is analysed). */
  warnings?: FileError[];
  /**
   * `file:line:column` of `//maprace:ignore` directives that silenced a finding another package's analysis
   * reached (a race in the directive's file found from a goroutine elsewhere): used, whatever their own
   * package's analysis concluded.
   */
  usedDirectives?: string[];
  /** Each analysed package's call-graph facts (with `wholeProgram`), for the engine; never in analyze's result. */
  callGraph?: PackageFacts[];
}
