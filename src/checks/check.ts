// The declarative description every check carries. The registry (registry.ts) lists them; the code is the
// SARIF ruleId, the doc anchor, the suppression key and the `--explain` argument. Never reuse a code.
export interface CheckMeta {
  /** Stable code: MR0xxx for maprace's own diagnostics (suppressions), MR1xxx for map races. */
  code: string;
  /** kebab-case name, e.g. `map-write-in-goroutine`. */
  name: string;
  /** One lowercase line, no final period. */
  title: string;
  /** Markdown doc: what it finds, why it is bad, bad and good example, what it cannot see. */
  doc: string;
  /** On unless configured off. New or imprecise checks start off ("nursery"). */
  defaultEnabled: boolean;
  /** maprace version that introduced the check. */
  since: string;
}
