// Triage entry point: a stream of log text in, crashes and race reports out, in one pass.
import { type FunctionNamer, type TriageResult, Triage } from './analyze.js';
import { DumpReader } from './reader.js';

export interface TriageOptions {
  /** Take repeated goroutines straight from the bytes (reader.ts); false reads every line (the slow path). */
  fast?: boolean;
  /** Names frames whose call line was lost, from their file:line (--source). */
  names?: FunctionNamer;
}

export async function triage(input: AsyncIterable<Buffer | string>, options: TriageOptions = {}): Promise<TriageResult & { lines: number }> {
  const t = new Triage(options.names);
  const reader = new DumpReader(t, options.fast ?? true);
  for await (const chunk of input) reader.write(chunk);
  reader.end();
  return { ...t.result, lines: reader.lines };
}
