// A finding's identity across commits: check, file, enclosing function, map and access kinds — never line
// numbers, so an edit above the finding does not make it "new".
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../model.js';

export function fingerprint(d: Diagnostic): string {
  const parts = [d.check, d.range.file, d.fingerprint.function, d.fingerprint.map, d.fingerprint.kinds];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
