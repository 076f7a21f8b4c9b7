// Every check maprace knows, by code. Adding a check touches its own folder and one line here.
import type { CheckMeta } from './check.js';

export const CHECKS: CheckMeta[] = [];

export function findCheck(codeOrName: string): CheckMeta | undefined {
  const key = codeOrName.trim();
  return CHECKS.find((c) => c.code.toLowerCase() === key.toLowerCase() || c.name === key);
}
