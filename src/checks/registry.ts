// Every check maprace knows, by code. Adding a check touches its own folder and one line here; which races a
// check reports is its category (analysis/races/index.ts), not its place in this list.
import { type CheckAnalyzer, type CheckMeta, validateAnalyzers } from '../analysis/analyzer.js';
import { MR0001 } from './MR0001-ignore-without-reason/index.js';
import { MR0002 } from './MR0002-unused-ignore/index.js';
import { MR1001 } from './MR1001-goroutine-captured-map/index.js';
import { MR1002 } from './MR1002-unlocked-field-map/index.js';
import { MR1003 } from './MR1003-global-map-write/index.js';
import { MR1004 } from './MR1004-shared-object-map/index.js';
import { MR1005 } from './MR1005-iteration-during-write/index.js';

export const ANALYZERS: readonly CheckAnalyzer[] = [MR0001, MR0002, MR1005, MR1004, MR1001, MR1002, MR1003];
validateAnalyzers(ANALYZERS);

export const CHECKS: CheckMeta[] = ANALYZERS.map((a) => a.check);

export function findCheck(codeOrName: string): CheckMeta | undefined {
  const key = codeOrName.trim();
  return CHECKS.find((c) => c.code.toLowerCase() === key.toLowerCase() || c.name === key);
}

/** The codes a run enables when it names none: every default-enabled check. */
export function defaultChecks(): string[] {
  return CHECKS.filter((c) => c.defaultEnabled).map((c) => c.code);
}
