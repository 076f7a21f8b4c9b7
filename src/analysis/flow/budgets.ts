// The interpreter's budgets: how deep calls are followed, how much one package may cost, how many
// implementations an interface call may run. What they leave out is counted in `Truncated` (facts.ts).

/** Calls followed from a root, at most. */
export const MAX_DEPTH = 4;
/**
 * Calls to functions that lock or unlock (`c.lock()` wrapping `c.mu.Lock()`, `runSynced(&c.mu, fn)`) are followed
 * this many levels deeper: a lock missed there would leave every access after it unguarded.
 */
export const LOCK_HELPER_DEPTH = 2;
/**
 * Calls followed per package. Statements walked per package: ten times that, which bounds the walk of huge
 * bodies that make few calls.
 */
export const STEP_BUDGET = 400_000;
export const NODE_BUDGET = STEP_BUDGET * 10;
/**
 * Calls followed into other packages of the module per analysed package, at most: each root re-walks what it
 * reaches, and across packages that is most of a large program. The rest are counted in `truncated.packages`.
 */
export const FOREIGN_CALL_BUDGET = 4_000;
/** Implementations followed at one call through an interface, at most; the rest are counted as truncated. */
export const MAX_DISPATCH = 4;
