// Every check maprace knows, by code. Adding a check touches its own folder and one line here.
import type { CheckMeta, RaceCheck } from './check.js';
import { MR0001 } from './MR0001-ignore-without-reason/index.js';
import { MR0002 } from './MR0002-unused-ignore/index.js';
import { MR1001 } from './MR1001-goroutine-captured-map/index.js';
import { MR1002 } from './MR1002-unlocked-field-map/index.js';
import { MR1003 } from './MR1003-global-map-write/index.js';
import { MR1004 } from './MR1004-shared-object-map/index.js';
import { MR1005 } from './MR1005-iteration-during-write/index.js';

// An iteration is claimed by MR1005 whatever its storage, and a write through a copied reference by MR1004, so
// they come first.
export const RACE_CHECKS: RaceCheck[] = [MR1005, MR1004, MR1001, MR1002, MR1003];

export const CHECKS: CheckMeta[] = [MR0001, MR0002, ...RACE_CHECKS];

export function findCheck(codeOrName: string): CheckMeta | undefined {
  const key = codeOrName.trim();
  return CHECKS.find((c) => c.code.toLowerCase() === key.toLowerCase() || c.name === key);
}
