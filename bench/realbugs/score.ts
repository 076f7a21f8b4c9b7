// Scoring one benchmark entry against maprace's JSON findings, strictly:
// - found: one finding names the entry's map, its reported access is one of the racing accesses (same file and
//   enclosing function), and its partner access is another racing access (or, for a self-concurrent entry, the
//   same one). A finding on another map in the same function, or one that pairs the right access with an
//   unrelated partner, is not a hit.
// - gone: at the fix, no finding names the entry's map at any of the racing functions.
// Pure functions: the caller resolves "which function is this line in" (FunctionAt) from the tree it ran on.
import { normalizeFunctionName } from '../../src/go/funcnames.js';
import type { BugAccess, BugEntry } from './model.js';

/** The parts of a `maprace check --format json` finding the scorer reads. */
export interface JsonFinding {
  check: string;
  message: string;
  location: { file: string; line: number };
  related: { message: string; kind?: string; location: { file: string; line: number } }[];
  fingerprint: { function: string; map: string; kinds: string; hash: string };
  /** The two sides of the race, as far as the benchmarks read them. */
  witness?: { sides: { root: { start?: { location: { file: string } } }; path: { location: { file: string } }[]; access: { location: { file: string } } }[] };
}

/** A place in the analysed tree: file relative to the repository root. */
export interface Place {
  file: string;
  line: number;
}

/** The enclosing top-level function of a line of a file of the analysed tree (relative to the repository root). */
export type FunctionAt = (file: string, line: number) => string | undefined;

/** The last identifier of a map expression as maprace names it: `c.clients` → `clients`, `pods[i].Labels` → `Labels`. */
export function mapName(expr: string): string | undefined {
  const ids = expr.match(/[A-Za-z_][A-Za-z0-9_]*/g);
  return ids?.[ids.length - 1];
}

/** Joins a module-relative path to the repository root. */
export function repoPath(module: string, file: string): string {
  return module === '.' || module === '' ? file : `${module.replace(/\/+$/, '')}/${file}`;
}

function sameMap(entry: BugEntry, f: JsonFinding): boolean {
  const n = mapName(f.fingerprint.map);
  return n !== undefined && entry.map.names.includes(n);
}

function matches(a: BugAccess, p: Place, functionAt: FunctionAt): boolean {
  if (a.file !== p.file) return false;
  const fn = functionAt(p.file, p.line);
  return fn !== undefined && normalizeFunctionName(fn) === normalizeFunctionName(a.function);
}

/** The reported access and its partner accesses (related locations of kind `access`); a finding without a partner races with itself. */
export function accessesOf(f: JsonFinding, module: string): { primary: Place; partners: Place[] } {
  const primary = { file: repoPath(module, f.location.file), line: f.location.line };
  const partners = f.related.filter((r) => r.kind === 'access').map((r) => ({ file: repoPath(module, r.location.file), line: r.location.line }));
  return { primary, partners: partners.length ? partners : [primary] };
}

/** Whether finding f reports the entry's race (see the header). */
export function isHit(entry: BugEntry, f: JsonFinding, module: string, functionAt: FunctionAt): boolean {
  if (!sameMap(entry, f)) return false;
  const { primary, partners } = accessesOf(f, module);
  const idx = entry.accesses.map((a, i) => (matches(a, primary, functionAt) ? i : -1)).filter((i) => i >= 0);
  if (idx.length === 0) return false;
  // Accesses match by file and function, so two listed accesses in one function (a worker's write and read)
  // both match a finding there: pairing either with the other is a hit.
  return partners.some((p) => entry.accesses.some((a, j) => matches(a, p, functionAt) && (entry.selfConcurrent || idx.some((i) => i !== j))));
}

/** Whether finding f is about the entry's map at one of its racing functions (used for "gone at the fix" and noise). */
export function touchesEntry(entry: BugEntry, f: JsonFinding, module: string, functionAt: FunctionAt): boolean {
  if (!sameMap(entry, f)) return false;
  const { primary, partners } = accessesOf(f, module);
  return [primary, ...partners].some((p) => entry.accesses.some((a) => matches(a, p, functionAt)));
}

export interface EntryScore {
  found: boolean;
  /** The findings that hit (check codes), for the report. */
  hits: string[];
  /** Findings on the entry's map at its functions, at the buggy commit (a near miss when found is false). */
  near: number;
}

export function scoreBuggy(entry: BugEntry, findings: readonly JsonFinding[], module: string, functionAt: FunctionAt): EntryScore {
  const hits = findings.filter((f) => isHit(entry, f, module, functionAt));
  const near = findings.filter((f) => touchesEntry(entry, f, module, functionAt)).length;
  return { found: hits.length > 0, hits: [...new Set(hits.map((h) => h.check))], near };
}

/** Gone at the fix: no finding on the entry's map at its functions. */
export function goneAtFix(entry: BugEntry, findings: readonly JsonFinding[], module: string, functionAt: FunctionAt): boolean {
  return !findings.some((f) => touchesEntry(entry, f, module, functionAt));
}
