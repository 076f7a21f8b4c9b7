// Triage entry point: a stream of log text in, crashes and race reports out, in one pass.
import { type TriageResult, Triage } from './analyze.js';
import { logText, readLines } from './lines.js';
import { DumpParser } from './parse.js';

export async function triage(input: AsyncIterable<Buffer | string>): Promise<TriageResult & { lines: number }> {
  const t = new Triage();
  const parser = new DumpParser(t);
  let n = 0;
  for await (const line of readLines(input)) parser.push(++n, logText(line));
  parser.finish();
  return { ...t.result, lines: n };
}
