// The interpreter's budgets: how deep calls are followed, how much one package may cost, how many
// implementations an interface call may run. What they leave out is counted in `Truncated` (facts.ts).

/** Calls followed from a root, at most. */
export const MAX_DEPTH = 4;
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
