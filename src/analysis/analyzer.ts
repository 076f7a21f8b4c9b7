// The contract between the driver and everything that analyses a package, after golang.org/x/tools/go/analysis:
// an Analyzer is a small declarative value (name, what it requires, run); the driver runs the analyzers it is
// given and everything they require, each once per package, in an order where requirements come first, and
// hands each one a Pass: the package, its types, the library knowledge, the results of its requirements and a
// way to report findings. User-facing checks are analyzers with `check` metadata; shared work (the concurrency
// model, the race pairs) is an analyzer without it, whose result others read through `resultOf`.
import type { PackageFacts } from '../callgraph/facts.js';
import type { Package } from '../go/package.js';
import type { Library } from '../go/summaries.js';
import type { TypeLookup } from '../go/typelookup.js';
import type { ModuleTypes } from '../go/universe.js';
import type { Diagnostic, Severity } from '../model.js';
import type { Truncation } from './api.js';
import type { Program } from '../go/program.js';
import type { Directive } from './suppress.js';

export interface CheckMeta {
  /** Stable code: MR0xxx for maprace's own diagnostics (suppressions), MR1xxx for map races. */
  code: string;
  /** kebab-case name, e.g. `goroutine-captured-map`. */
  name: string;
  /** One lowercase line, no final period. */
  title: string;
  /** Markdown doc: what it finds, why it is bad, bad and good example, what it cannot see. */
  doc: string;
  /** On unless configured off. New or imprecise checks start off ("nursery"). */
  defaultEnabled: boolean;
  /** Severity unless the configuration says otherwise (`severity:` in .maprace.yaml). */
  defaultSeverity: Severity;
  /** maprace version that introduced the check. */
  since: string;
}

/** What a check reports; the driver adds the check's code, name and severity. */
/** What a check reports; `severity` only when a finding is milder than the check's default (a race of `len` reads). */
export type Finding = Omit<Diagnostic, 'check' | 'name' | 'severity'> & { severity?: Diagnostic['severity'] };

export interface Analyzer<R = unknown> {
  /** Unique: a check's code (`MR1002`), or a lowercase name for shared passes (`concurrency`, `races`). */
  readonly name: string;
  /** One line on what the result is (shared passes); checks are documented by `check.doc`. */
  readonly doc: string;
  readonly requires: readonly Analyzer[];
  /** Present for user-facing checks. */
  readonly check?: CheckMeta;
  /**
   * Runs after the driver has applied the package's `//maprace:ignore` directives to every other finding, so that
   * `pass.directives` tells which directives silenced something (MR0001, MR0002). Such an analyzer cannot be required.
   */
  readonly afterSuppression?: boolean;
  run(pass: Pass): R;
}

/** A user-facing check: an analyzer that reports findings under its code. */
export interface CheckAnalyzer extends Analyzer<void> {
  readonly check: CheckMeta;
}

export interface Pass {
  readonly pkg: Package;
  /** Types of this package and, when the dependency types are on, of the packages it imports. */
  readonly types: TypeLookup;
  /** Library knowledge: map-like types, constructors and goroutine roots, built in and configured. */
  readonly library: Library;
  readonly modules: ModuleTypes | undefined;
  /** The main modules' packages with bodies, for following calls across packages (undefined outside a module). */
  readonly program?: Program | undefined;
  /** The `//maprace:ignore` directives of the package's files; `used` is meaningful for `afterSuppression` analyzers. */
  readonly directives: readonly Directive[];
  /** Whether a check code is enabled in this run (a directive naming a disabled check silences nothing by design). */
  enabled(code: string): boolean;
  /** The result of a required analyzer (run once per package, on first request at the latest). */
  resultOf<R>(a: Analyzer<R>): R;
  report(finding: Finding): void;
  /** Notes that the analysis gave up precision (a budget ran out), for the run's statistics. */
  truncated(what: keyof Truncation, count: number): void;
  /** Hands the package's part of the whole program's call graph to the run (the analyses that lower the package). */
  readonly exportCallGraph?: (facts: PackageFacts) => void;
}

/** A check, with its code as the analyzer name. */
export function defineCheck(def: { meta: CheckMeta; requires: readonly Analyzer[]; afterSuppression?: boolean; run(pass: Pass): void }): CheckAnalyzer {
  return { name: def.meta.code, doc: def.meta.title, check: def.meta, requires: def.requires, run: def.run, ...(def.afterSuppression ? { afterSuppression: true } : {}) };
}

/**
 * Every analyzer reachable from `roots` through `requires`, requirements before the analyzers that need them
 * (depth-first, in the order given). Throws on a cycle, on two analyzers of one name, on a missing doc, and
 * on a requirement that runs after suppression.
 */
export function validateAnalyzers(roots: readonly Analyzer[]): Analyzer[] {
  const order: Analyzer[] = [];
  const state = new Map<Analyzer, 'visiting' | 'done'>();
  const names = new Map<string, Analyzer>();
  const visit = (a: Analyzer, path: string[]): void => {
    const s = state.get(a);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`analyzer requirements form a cycle: ${[...path, a.name].join(' → ')}`);
    const other = names.get(a.name);
    if (other && other !== a) throw new Error(`two analyzers are named ${a.name}`);
    names.set(a.name, a);
    if (!a.doc.trim() || (a.check && !a.check.doc.trim())) throw new Error(`analyzer ${a.name} has no doc`);
    state.set(a, 'visiting');
    for (const r of a.requires) {
      if (r.afterSuppression) throw new Error(`analyzer ${a.name} requires ${r.name}, which runs after suppression`);
      visit(r, [...path, a.name]);
    }
    state.set(a, 'done');
    order.push(a);
  };
  for (const a of roots) visit(a, []);
  return order;
}

/** The per-package part of a Pass, supplied by the driver. */
export type PassBase = Omit<Pass, 'resultOf' | 'report'>;

/**
 * Runs analyzers (in an order from validateAnalyzers) over one package: results are computed once and shared;
 * findings of checks get their identity and default severity. `only` restricts which ones run now (the driver's
 * two phases around suppression); results already computed in `results` are reused.
 */
export function runAnalyzers(order: readonly Analyzer[], base: PassBase, results: Map<Analyzer, unknown>, only: (a: Analyzer) => boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const resultOf = <R>(a: Analyzer<R>): R => {
    if (!results.has(a)) results.set(a, a.run(passFor(a)));
    return results.get(a) as R;
  };
  const passFor = (a: Analyzer): Pass => ({
    ...base,
    resultOf,
    report(finding: Finding): void {
      if (!a.check) throw new Error(`analyzer ${a.name} reports but is no check`);
      out.push({ check: a.check.code, name: a.check.name, severity: a.check.defaultSeverity, ...finding });
    },
  });
  for (const a of order) if (only(a)) resultOf(a);
  return out;
}
