// The witness of a race (model.ts Witness), from the concurrency pass's two accesses: each side's root (its
// Thread), the calls from the root to the access, the locks held, and why nothing orders the two. The reason
// follows the order in which `concurrent` (concurrency/threads.ts) decides that two accesses overlap; it reads
// the engine's shapes and never decides anything the pairing did not.
import { type Range, type RootKind, type Witness, type WitnessRoot, type WitnessSide, comparePositions } from '../../model.js';
import { kindNoun, rootRef, where } from '../../witness.js';
import { type Access, type Thread, sameGoroutine } from '../concurrency/threads.js';

/** A reconciler is a framework root the engine labels `Reconcile of T` (roots.ts). */
function rootKind(t: Thread): RootKind {
  if (t.kind === 'handler' && t.method?.endsWith('.Reconcile') && t.label.startsWith('Reconcile of ')) return 'reconciler';
  return t.kind;
}

/** How the instances of a root that runs many times at once overlap. */
function instancesOf(t: Thread): string {
  if (t.instances) return t.instancesWhy ? `${t.instances} (${t.instancesWhy})` : t.instances;
  switch (t.kind) {
    case 'handler':
      return 'in another request';
    case 'api':
      return 'in a concurrent call';
    default:
      return 'started in a loop or by code that runs concurrently, and not joined in between';
  }
}

export function rootOf(t: Thread): WitnessRoot {
  const root: WitnessRoot = { kind: rootKind(t), label: t.label, multi: t.multi };
  if (t.method) root.function = t.method;
  if (t.funcId) root.id = t.funcId;
  if (t.assumed) root.assumed = true;
  // Roots walked from their declaration carry the function they run; handlers otherwise start at a registration.
  if (t.site) root.start = { kind: t.method ? 'declaration' : t.kind === 'handler' ? 'registration' : 'spawn', range: t.site };
  if (t.multi) root.instances = instancesOf(t);
  return root;
}

export function sideOf(a: Access, lockName: (key: string) => string): WitnessSide {
  const root = rootOf(a.thread);
  if (a.unguardedApi) root.assumed = true;
  return {
    root,
    path: a.path.map((s) => ({ range: s.range, message: s.message })),
    startsAfter: startsAfter(root, a),
    access: { range: a.range, kind: a.kind, map: a.storage.via ?? a.storage.expr, ...(a.receiver && !a.storage.via ? { receiver: a.receiver } : {}) },
    locks: [...a.locks].map(([key, mode]) => ({ name: lockName(key), mode: mode === 'r' ? 'read' : 'write' })),
  };
}

const within = (r: Range, outer: Range) => r.file === outer.file && comparePositions(outer.start, r.start) <= 0 && comparePositions(r.start, outer.end) <= 0;

/**
 * A goroutine's path starts with the calls of its spawner that reach the `go` statement (or the registration);
 * its own steps, and its access when it has none, lie inside the statement (`go s.put(k)`, `go func() { … }()`).
 * When nothing lies inside it (a goroutine that runs a func value declared elsewhere), the root is put first.
 */
function startsAfter(root: WitnessRoot, a: Access): number {
  const site = root.start;
  if (!site || site.kind === 'declaration') return 0;
  const own = [...a.path.map((s) => s.range), a.range].findIndex((r) => within(r, site.range));
  return own < 0 ? 0 : own;
}

/** The witness of the race of `x` (the reported access) with `y`. */
export function witnessOf(x: Access, y: Access, lockName: (key: string) => string): Witness {
  const sameRoot = x.thread === y.thread || sameGoroutine(x.thread, y.thread);
  return { sides: [sideOf(x, lockName), sideOf(y, lockName)], sameRoot, reason: reasonOf(x, y) };
}

const ref = (t: Thread) => rootRef(rootOf(t));

function reasonOf(x: Access, y: Access): string {
  if (x.thread === y.thread || sameGoroutine(x.thread, y.thread)) return selfReason(x.thread.multi ? x.thread : y.thread);
  // A goroutine its flow started and had not joined when the flow reached the other access.
  if (y.concurrentWith.has(x.thread.id)) return notJoined(x.thread, y);
  if (x.concurrentWith.has(y.thread.id)) return notJoined(y.thread, x);
  return threadsReason(x.thread, y.thread, 0);
}

function notJoined(g: Thread, a: Access): string {
  return `${ref(g)} is not joined before the ${kindNoun(a.kind)} at ${where(a.range)}`;
}

/** Why two instances of one root overlap. */
function selfReason(t: Thread): string {
  if (t.instances) return `two instances of ${ref(t)} run at once, the other ${instancesOf(t)}`;
  switch (t.kind) {
    case 'handler':
      return `two requests of ${ref(t)} run at once`;
    case 'api':
      return `${ref(t)} is callable from any goroutine: two calls can run at once`;
    default:
      return `two instances of ${ref(t)} run at once: it is ${instancesOf(t)}`;
  }
}

/** What makes a root run beside others, said of one root and of two. */
const OWN: Record<RootKind, [string, string]> = {
  goroutine: ['runs on a goroutine of its own', 'run on goroutines of their own'],
  handler: ['runs on goroutines the server (or framework) starts', 'run on goroutines the server (or framework) starts'],
  reconciler: ['runs on its controller\'s workers', 'run on their controllers\' workers'],
  api: ['is callable from any goroutine', 'are callable from any goroutine'],
  flow: ['runs on the goroutine of its caller', 'run on the goroutines of their callers'],
};

function both(x: Thread, y: Thread): string {
  const [kx, ky] = [rootKind(x), rootKind(y)];
  if (kx === ky) return `${ref(x)} and ${ref(y)} ${OWN[kx][1]}`;
  return `${ref(x)} ${OWN[kx][0]} and ${ref(y)} ${OWN[ky][0]}`;
}

/** Mirrors threadsConcurrent: two different roots that can overlap, with no access-level fact (concurrentWith) involved. */
function threadsReason(x: Thread, y: Thread, depth: number): string {
  if (sameGoroutine(x, y)) return selfReason(x.multi ? x : y);
  if (x.kind === 'goroutine' && y.kind === 'goroutine' && x.parentFlow !== undefined && x.parentFlow === y.parentFlow) {
    return `${ref(x)} and ${ref(y)} are started by the same code with no join between the two`;
  }
  if (depth < 8 && x.scopedIn && x.scopedIn !== y) return `${threadsReason(x.scopedIn, y, depth + 1)} (${ref(x)} runs within ${ref(x.scopedIn)})`;
  if (depth < 8 && y.scopedIn && y.scopedIn !== x) return `${threadsReason(x, y.scopedIn, depth + 1)} (${ref(y)} runs within ${ref(y.scopedIn)})`;
  if (rootKind(x) === 'reconciler' && rootKind(y) === 'reconciler') return `${ref(x)} and ${ref(y)} belong to different controllers, whose reconcilers run at the same time`;
  return `${both(x, y)}; no join, channel receive or Wait orders the two`;
}
