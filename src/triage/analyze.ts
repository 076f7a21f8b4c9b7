// From parser events to answers: for each crash the culprit goroutine and its map access, the other party
// with how sure we are, and identical goroutines grouped with counts; race reports grouped by location pair.
// Groups are built as goroutines stream by: memory grows with the number of distinct stacks, not goroutines.
import type { Call, Crash, CrashKind, Goroutine, RaceReport } from './model.js';
import type { DumpEvents } from './parse.js';

export interface Frame {
  func: string;
  file: string;
  line: number;
}

export type MapOp = 'read' | 'write' | 'delete' | 'iterate' | 'clone';

export interface Party {
  goroutine: number;
  state: string;
  /** The first frame outside the Go runtime and standard library: the code that touched the map. */
  access?: Frame;
  /** The standard-library frame the access called to reach the map (`net/http.Header.Get`), if any. */
  via?: Frame;
  op?: MapOp;
  /** The map runtime function on the stack, if the traceback shows it. */
  runtimeFrame?: string;
  mapPointer?: string;
  createdBy?: Frame;
  stack: Frame[];
}

export type Certainty = 'same map pointer' | 'same code' | 'guess';

export interface OtherParty extends Party {
  certainty: Certainty;
  reason: string;
}

export interface Group {
  count: number;
  state: string;
  ids: number[];
  stack: Frame[];
  createdBy?: Frame;
}

export interface CrashSummary {
  kind: CrashKind;
  message: string;
  line: number;
  truncated: boolean;
  notes: string[];
  goroutineCount: number;
  culprit?: Party;
  otherParty?: OtherParty;
  /** Other goroutines that may be the other party, best first (at most 5). */
  candidates: OtherParty[];
  groups: Group[];
  /** Distinct stacks beyond the group cap, counted but not kept. */
  ungrouped: number;
}

export interface RaceGroup {
  count: number;
  line: number;
  accesses: { op: 'read' | 'write'; previous: boolean; goroutine: number; access?: Frame; via?: Frame; stack: Frame[] }[];
  created: { goroutine: number; state: string; stack: Frame[] }[];
}

export interface TriageResult {
  crashes: CrashSummary[];
  races: RaceGroup[];
}

const MAX_GROUPS = 10_000;
const MAX_CANDIDATES = 5;
const MAX_RACE_GROUPS = 1_000;
const FATAL_FRAMES = /^(runtime\.(fatal|throw|fatalthrow|fatalpanic)|internal\/runtime\/maps\.fatal)$/;
const MAP_RUNTIME = /^(runtime\.(map\w+|mapclone\d?)|internal\/runtime\/maps\.|maps\.clone$)/;

export function isRuntimeFrame(c: { func: string; file: string }): boolean {
  return c.func.startsWith('runtime.') || c.func.startsWith('internal/runtime/') ||
    (c.func.startsWith('maps.') && /\/src\/(maps|runtime)\//.test(c.file)) || c.func.startsWith('internal/');
}

/** The standard library's top-level packages (`vendor/` is its own vendored code, `type:` generated equality). */
const STD = new Set(['archive', 'bufio', 'builtin', 'bytes', 'cmp', 'compress', 'container', 'context', 'crypto', 'database', 'debug', 'embed', 'encoding', 'errors', 'expvar', 'flag', 'fmt', 'go', 'hash', 'html', 'image', 'index', 'internal', 'io', 'iter', 'log', 'maps', 'math', 'mime', 'net', 'os', 'path', 'plugin', 'reflect', 'regexp', 'runtime', 'slices', 'sort', 'strconv', 'strings', 'structs', 'sync', 'syscall', 'testing', 'text', 'time', 'unicode', 'unique', 'unsafe', 'weak', 'vendor', 'type', 'type:']);

/**
 * The import path of a frame's function: `net/http.(*conn).serve` → `net/http`, `k8s.io/x/y.F` → `k8s.io/x/y`
 * (the first dot after the last slash ends it).
 */
export function packageOf(func: string): string {
  const paren = func.indexOf('(');
  const slash = func.lastIndexOf('/', paren < 0 ? func.length : paren);
  const dot = func.indexOf('.', slash + 1);
  return dot < 0 ? func : func.slice(0, dot);
}

/**
 * Runtime or standard library: not where a map access is to be fixed. A module's own `internal/` packages and
 * packages that merely end in `runtime` or `maps` are user code (their paths start with a domain).
 */
export function isLibraryFrame(c: { func: string; file: string }): boolean {
  if (isRuntimeFrame(c)) return true;
  const pkg = packageOf(c.func);
  const slash = pkg.indexOf('/');
  return STD.has(slash < 0 ? pkg : pkg.slice(0, slash));
}

const frame = (c: Call | Frame): Frame => ({ func: c.func, file: c.file, line: c.line });

/** A closure or go wrapper is part of the function that contains it: `main.main.func1.2` → `main.main`. */
export function enclosing(func: string): string {
  return func.replace(/(\.(func|gowrap)\d+)+(\.\d+)*$/, '').replace(/\[\.\.\.\]$/, '');
}

/** The receiver type or package-level scope of a function: `main.(*cache).get` → `main.(*cache)`. */
function owner(func: string): string {
  const m = /^(.*\.\(\*?[^)]+\))\./.exec(enclosing(func));
  return m ? m[1]! : enclosing(func);
}

function mapOp(runtimeFunc: string | undefined, kind: CrashKind, culprit: boolean): MapOp | undefined {
  if (runtimeFunc) {
    if (/mapassign|putSlot|\.(grow|growToTable|newTable|split)/i.test(runtimeFunc)) return 'write';
    if (/mapdelete|\.Delete/.test(runtimeFunc)) return 'delete';
    if (/mapaccess|getWithKey|\.Get/.test(runtimeFunc)) return 'read';
    if (/mapiter|Iter\./.test(runtimeFunc)) return 'iterate';
    if (/[cC]lone/.test(runtimeFunc)) return 'clone';
  }
  if (!culprit) return kind.startsWith('concurrent map') ? 'write' : undefined;
  switch (kind) {
    case 'concurrent map writes':
      return 'write';
    case 'concurrent map read and map write':
      return 'read';
    case 'concurrent map iteration and map write':
      return 'iterate';
    case 'concurrent map clone and map write':
      return 'clone';
    default:
      return undefined;
  }
}

/** The map a runtime frame works on, from its printed arguments (a `?` means the value may be stale). */
function mapPointer(c: Call): string | undefined {
  const args = c.args.split(',').map((a) => a.trim().replace(/[{}]/g, ''));
  let v: string | undefined;
  if (/\(\*Map\)\./.test(c.func)) v = args[0];
  else if (/map(assign|access|delete|iterinit)/.test(c.func)) v = args[1];
  // A map is a heap or data pointer: small values are register leftovers the traceback marks with `?`.
  return v && /^0x[0-9a-f]{5,}\??$/.test(v) ? v.replace(/\?$/, '') : undefined;
}

/** The first frame outside the runtime and standard library, and the library frame it called. */
function accessOf(stack: Call[]): { access?: Call; via?: Call; index: number } {
  const index = stack.findIndex((c) => !isLibraryFrame(c));
  if (index < 0) {
    // Only library frames (a test helper of the standard library, a cut stack): the first outside the runtime.
    const i = stack.findIndex((c) => !isRuntimeFrame(c));
    return i < 0 ? { index: stack.length } : { access: stack[i]!, index: i };
  }
  const before = stack[index - 1];
  return { access: stack[index]!, ...(before && !isRuntimeFrame(before) ? { via: before } : {}), index };
}

function partyOf(g: Goroutine, kind: CrashKind, culprit: boolean): Party {
  const p: Party = { goroutine: g.id, state: g.state, stack: g.stack.map(frame) };
  const { access, via, index } = accessOf(g.stack);
  if (access) p.access = frame(access);
  if (via) p.via = frame(via);
  const rt = g.stack.slice(0, index).filter((c) => MAP_RUNTIME.test(c.func) && !FATAL_FRAMES.test(c.func));
  const deepest = rt[rt.length - 1];
  if (deepest) p.runtimeFrame = deepest.func;
  for (const c of rt) {
    const ptr = mapPointer(c);
    if (ptr) {
      p.mapPointer = ptr;
      break;
    }
  }
  const op = mapOp(deepest?.func, kind, culprit);
  if (op) p.op = op;
  if (g.createdBy) p.createdBy = { func: g.createdBy.func, file: g.createdBy.file, line: g.createdBy.line };
  return p;
}

function signature(g: Goroutine): string {
  return `${g.state}|${g.stack.map((c) => `${c.func}@${c.file}:${c.line}`).join(';')}|${g.createdBy ? `${g.createdBy.func}@${g.createdBy.file}:${g.createdBy.line}` : ''}`;
}

class CrashAccumulator {
  readonly summary: CrashSummary;
  private readonly groups = new Map<string, Group>();
  /** What `repeat` does with the goroutines that stand for others: count them into a group, or have them added. */
  private readonly verdicts = new Map<Goroutine, Group | 'ungrouped' | 'add'>();
  private culpritSeen = false;

  constructor(crash: Crash) {
    this.summary = { kind: crash.kind, message: crash.message, line: crash.line, truncated: false, notes: crash.notes, goroutineCount: 0, candidates: [], groups: [], ungrouped: 0 };
  }

  add(g: Goroutine): void {
    const s = this.summary;
    const key = signature(g);
    let group = this.groups.get(key);
    if (!group && this.groups.size < MAX_GROUPS) {
      group = { count: 0, state: g.state, ids: [], stack: g.stack.map(frame) };
      if (g.createdBy) group.createdBy = { func: g.createdBy.func, file: g.createdBy.file, line: g.createdBy.line };
      this.groups.set(key, group);
    }
    this.count(group, g.id);
    // The runtime prints the goroutine that hit the error first.
    if (!this.culpritSeen && (g.stack.some((c) => FATAL_FRAMES.test(c.func)) || g.state === 'running' || s.goroutineCount === 1)) {
      this.culpritSeen = true;
      s.culprit = partyOf(g, s.kind, true);
      return;
    }
    if (s.culprit && s.kind.startsWith('concurrent map')) this.consider(g);
  }

  /**
   * Goroutine `id` is `like` but for what neither the groups nor the analysis read (its number, argument
   * values, wait flags): counted into `like`'s group, unless it could be the culprit or the other party, which
   * need the goroutine itself (false: send it to `add`).
   */
  repeat(id: number, like: Goroutine): boolean {
    if (!this.culpritSeen) return false;
    let verdict = this.verdicts.get(like);
    if (verdict === undefined) {
      verdict = this.summary.kind.startsWith('concurrent map') && this.mayBeParty(like) ? 'add' : (this.groups.get(signature(like)) ?? 'ungrouped');
      this.verdicts.set(like, verdict);
    }
    if (verdict === 'add') return false;
    this.count(verdict === 'ungrouped' ? undefined : verdict, id);
    return true;
  }

  private count(group: Group | undefined, id: number): void {
    this.summary.goroutineCount++;
    if (!group) this.summary.ungrouped++;
    else {
      group.count++;
      if (group.ids.length < 10) group.ids.push(id);
    }
  }

  /**
   * Cheap rejection first (a storm has a million goroutines): the other party is inside the map runtime or runs
   * code of the same type or function as the culprit's access.
   */
  private mayBeParty(g: Goroutine): boolean {
    const access = this.summary.culprit!.access;
    const family = access ? owner(access.func) : undefined;
    return g.stack.some((c) => MAP_RUNTIME.test(c.func) || (family !== undefined && c.func.startsWith(family)));
  }

  /** Is this goroutine the other side of the map crash? */
  private consider(g: Goroutine): void {
    const s = this.summary;
    const culprit = s.culprit!;
    if (!this.mayBeParty(g)) return;
    const p = partyOf(g, s.kind, false);
    let certainty: Certainty | undefined;
    let reason = '';
    const sameFunc = !!(p.access && culprit.access && enclosing(p.access.func) === enclosing(culprit.access.func));
    const sameOwner = !!(p.access && culprit.access && owner(p.access.func) === owner(culprit.access.func) && owner(culprit.access.func) !== culprit.access.func);
    const onStack = !!culprit.access && g.stack.some((c) => c.func === culprit.access!.func);
    if (p.mapPointer && culprit.mapPointer && p.mapPointer === culprit.mapPointer) {
      certainty = 'same map pointer';
      reason = `inside ${p.runtimeFrame} on the same map ${p.mapPointer}`;
    } else if (sameFunc || sameOwner || onStack) {
      certainty = 'same code';
      const where = sameFunc || onStack ? `the same function ${culprit.access!.func}` : `another method of ${owner(culprit.access!.func)}`;
      reason = p.runtimeFrame ? `inside the map runtime (${p.runtimeFrame}) from ${where}` : `at ${where}`;
    } else if (p.runtimeFrame && (g.state === 'running' || g.state === 'runnable')) {
      certainty = 'guess';
      reason = `inside the map runtime (${p.runtimeFrame}), on a map the traceback does not name`;
    }
    if (!certainty) return;
    const candidate: OtherParty = { ...p, certainty, reason };
    const rank = (c: OtherParty) => ['same map pointer', 'same code', 'guess'].indexOf(c.certainty) * 10 + (c.runtimeFrame ? 0 : 1) + (c.state === 'running' || c.state === 'runnable' ? 0 : 2);
    s.candidates.push(candidate);
    s.candidates.sort((a, b) => rank(a) - rank(b));
    if (s.candidates.length > MAX_CANDIDATES) s.candidates.length = MAX_CANDIDATES;
  }

  finish(truncated: boolean): CrashSummary {
    const s = this.summary;
    s.truncated = truncated;
    s.groups = [...this.groups.values()].sort((a, b) => b.count - a.count);
    const best = s.candidates[0];
    if (best) s.otherParty = best;
    return s;
  }
}

/** Collects parser events into a TriageResult. */
export class Triage implements DumpEvents {
  readonly result: TriageResult = { crashes: [], races: [] };
  private current: CrashAccumulator | undefined;
  private readonly raceGroups = new Map<string, RaceGroup>();

  crashStart(crash: Crash): void {
    this.current = new CrashAccumulator(crash);
  }

  goroutine(g: Goroutine): void {
    this.current?.add(g);
  }

  repeat(id: number, _lineNo: number, like: Goroutine): boolean {
    return this.current?.repeat(id, like) ?? false;
  }

  crashEnd(crash: Crash): void {
    if (this.current) this.result.crashes.push(this.current.finish(crash.truncated));
    this.current = undefined;
  }

  race(report: RaceReport): void {
    const accesses = report.accesses.map((a) => {
      const { access, via } = accessOf(a.stack);
      return { op: a.op, previous: a.previous, goroutine: a.goroutine, ...(access ? { access: frame(access) } : {}), ...(via ? { via: frame(via) } : {}), stack: a.stack.map(frame) };
    });
    const key = accesses.map((a) => (a.access ? `${a.op}@${a.access.file}:${a.access.line}` : a.op)).sort().join('|');
    const g = this.raceGroups.get(key);
    if (g) {
      g.count++;
      return;
    }
    if (this.raceGroups.size >= MAX_RACE_GROUPS) return;
    const group: RaceGroup = { count: 1, line: report.line, accesses, created: report.created.map((c) => ({ goroutine: c.goroutine, state: c.state, stack: c.stack.map(frame) })) };
    this.raceGroups.set(key, group);
    this.result.races.push(group);
  }
}
