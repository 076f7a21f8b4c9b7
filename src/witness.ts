// Words for a race witness (model.ts), shared by the race checks (the message, the flat list of related
// locations) and the reporters, so that every format names roots, accesses and locks the same way.
import type { AccessKind, Range, RelatedKind, RelatedLocation, Witness, WitnessRoot, WitnessSide, WitnessStep } from './model.js';

/** `file:line` of a range, as messages name places. */
export const where = (r: Range) => `${r.file}:${r.start.line}`;

export function kindNoun(k: AccessKind): string {
  return k === 'iterate' ? 'iteration' : k;
}

const KIND_NOUN = { goroutine: 'goroutine', handler: 'handler', reconciler: 'reconciler', api: 'exported method', flow: 'function' } as const;

/** What a root is called at the place it starts (a related location's message): its label, `function F` for a flow. */
export function rootLabel(root: WitnessRoot): string {
  return root.kind === 'flow' ? `function ${root.label}` : root.label;
}

/**
 * A root with where it starts: `goroutine started at app.go:13`, `HTTP handler registered at app.go:75`,
 * `function Direct, declared at app.go:12`.
 */
export function rootText(root: WitnessRoot): string {
  const s = root.start;
  if (!s) return rootLabel(root);
  if (s.kind === 'declaration') return `${rootLabel(root)}, declared at ${where(s.range)}`;
  // `goroutine started here`, `informer event handler registered here (AddFunc)`: the place replaces `here`.
  const at = ` at ${where(s.range)}`;
  return / here(?= \(|$)/.test(root.label) ? root.label.replace(/ here(?= \(|$)/, at) : `${root.label}${at}`;
}

/** A root as the subject of a sentence: `the goroutine started at app.go:13`, `handler (*Server).ServeHTTP`. */
export function rootRef(root: WitnessRoot): string {
  if (root.function && root.start?.kind === 'declaration') return `${KIND_NOUN[root.kind]} ${root.function}`;
  return `the ${rootText(root)}`;
}

/** The locks of one side in words: `no lock held`, `holds s.mu`, `holds s.mu for reading`. */
export function lockText(side: WitnessSide): string {
  if (!side.locks.length) return 'no lock held';
  return `holds ${side.locks.map((l) => (l.mode === 'read' ? `${l.name} for reading` : l.name)).join(', ')}`;
}

/**
 * A side's calls in call order; with `start`, also where its root starts, after the calls that reach it (the text
 * and HTML reports name the root above the steps and add its start only when calls come before it).
 */
export function sideSteps(side: WitnessSide, start = side.startsAfter > 0): WitnessStep[] {
  const s = side.root.start;
  if (!start || !s) return side.path;
  const k = side.startsAfter;
  return [...side.path.slice(0, k), { range: s.range, message: rootLabel(side.root) }, ...side.path.slice(k)];
}

/** One side's access with its locks: `read of map s.items (no lock held)`. */
export function accessText(side: WitnessSide): string {
  return `${kindNoun(side.access.kind)} of map ${side.access.map} (${lockText(side)})`;
}

const names = (side: WitnessSide) => side.locks.map((l) => l.name).join(', ');

/** The lock state of the pair, from the reported access's point of view (the end of a race message). */
export function lockState(w: Witness): string {
  const [x, y] = w.sides;
  if (x.access.kind === 'write' && x.locks.length && x.locks.every((l) => l.mode === 'read')) return `holds only the read lock ${names(x)} (RLock)`;
  if (!x.locks.length) return y.locks.length ? `${names(y)} not held here` : 'no lock held';
  if (!y.locks.length) return 'the other access holds no lock';
  // Locks of one name that are not one lock: a local mutex of each call, a field of each object.
  if (names(x) === names(y)) return `each holds its own ${names(x)}: two locks of that name, not one`;
  return `holds ${names(x)} but the other access holds ${names(y)}`;
}

const sameStart = (a: Range, b: Range) => a.file === b.file && a.start.line === b.start.line && a.start.column === b.start.column;

/** Whether the other side is the reported access itself, run by another instance of its root. */
export function sameAccess(w: Witness): boolean {
  return sameStart(w.sides[0].access.range, w.sides[1].access.range);
}

/** Whether the other side is the reported side again: same root, same calls, same access. */
export function sameSide(w: Witness): boolean {
  const [x, y] = w.sides;
  return w.sameRoot && sameAccess(w) && x.path.length === y.path.length && x.path.every((s, i) => sameStart(s.range, y.path[i]!.range));
}

const MAX_RELATED = 12;

/**
 * The flat list of related locations a witness stands for: the other access, then `accesses` (other accesses
 * that race with the reported one too), the places where the roots start, and the call steps of each side.
 */
export function witnessRelated(w: Witness, accesses: readonly RelatedLocation[] = []): RelatedLocation[] {
  const [x, y] = w.sides;
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  const add = (kind: RelatedKind | undefined, range: Range, message: string) => {
    const key = relatedKey({ range, message, ...(kind ? { kind } : {}) });
    if (seen.has(key) || out.length >= MAX_RELATED) return;
    seen.add(key);
    out.push(kind ? { range, message, kind } : { range, message });
  };
  if (!sameAccess(w)) add('access', y.access.range, accessText(y));
  for (const a of accesses) add(a.kind, a.range, a.message);
  for (const side of [x, y]) if (side.root.start) add('goroutine', side.root.start.range, rootLabel(side.root));
  for (const side of [x, y]) for (const step of side.path) add('call', step.range, step.message);
  return out;
}

export function relatedKey(r: RelatedLocation): string {
  return `${r.kind ?? ''}\0${r.range.file}:${r.range.start.line}:${r.range.start.column}\0${r.message}`;
}

/** The related locations of a finding that its witness does not stand for (accesses of a merged duplicate, declarations). */
export function extraRelated(related: readonly RelatedLocation[], w: Witness | undefined): RelatedLocation[] {
  if (!w) return [...related];
  const own = new Set(witnessRelated(w).map(relatedKey));
  return related.filter((r) => !own.has(relatedKey(r)));
}
