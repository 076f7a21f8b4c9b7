// The declarative description every check carries (defined with the analyzer contract, analysis/analyzer.ts).
// The registry (registry.ts) lists the checks; the code is the SARIF ruleId, the doc anchor, the suppression key
// and the `--explain` argument. Never reuse a code.
export type { CheckAnalyzer, CheckMeta } from '../analysis/analyzer.js';
