// Go vocabularies the front end and the concurrency pass share: the calls that start goroutines or register
// handlers, and the methods of sync's lockers. One list, so that the per-function pre-scan (package.ts) and
// the interpreter agree on what spawns and what locks.
import type { Node } from './parser.js';

/** Methods that start a goroutine or register a handler: `wg.Go`, `g.TryGo`, `time.AfterFunc`, `mux.HandleFunc`… */
export const SPAWN_METHODS: ReadonlySet<string> = new Set(['Go', 'TryGo', 'AfterFunc', 'HandleFunc', 'Handle', 'HandlerFunc']);

/** Methods of sync.Mutex and sync.RWMutex (and of types embedding one) that take or release the lock. */
export const LOCK_METHODS: ReadonlySet<string> = new Set(['Lock', 'Unlock', 'RLock', 'RUnlock', 'TryLock']);

/**
 * Whether a node starts a goroutine: a go statement, a spawn method, or a call of a configured root (`roots`:
 * function or method names from the configuration).
 */
export function isSpawnSite(n: Node, roots: ReadonlySet<string>): boolean {
  if (n.type === 'go_statement') return true;
  if (n.type !== 'call_expression') return false;
  const fn = n.childForFieldName('function');
  if (fn?.type === 'identifier') return roots.has(fn.text);
  if (fn?.type !== 'selector_expression') return false;
  const name = fn.childForFieldName('field')?.text ?? '';
  return SPAWN_METHODS.has(name) || roots.has(name);
}

/** The spawn sites lexically inside a node. */
export function spawnSites(node: Node | null, roots: ReadonlySet<string>): Node[] {
  return (node?.descendantsOfType(['go_statement', 'call_expression']) ?? []).filter((c): c is Node => !!c && isSpawnSite(c, roots));
}
