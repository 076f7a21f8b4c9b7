// Triage entry point: a stream of log text in, crashes and race reports out, in one pass.
import { type TriageResult, Triage } from './analyze.js';
import { logText, readLineBatches } from './lines.js';
import { DumpParser } from './parse.js';

export async function triage(input: AsyncIterable<Buffer | string>): Promise<TriageResult & { lines: number }> {
  const t = new Triage();
  const parser = new DumpParser(t);
  let n = 0;
  for await (const batch of readLineBatches(input)) for (const line of batch) parser.push(++n, logText(line));
  parser.finish();
  return { ...t.result, lines: n };
}
