// The analysis pipeline: read and parse each file once, build per-package results, run the checks.
import fs from 'node:fs';
import path from 'node:path';
import { readHeader } from '../go/header.js';
import { loadGo, parseGo } from '../go/parser.js';
import type { AnalyzeOptions, AnalyzeResult } from './api.js';

export async function analyze(opts: AnalyzeOptions): Promise<AnalyzeResult> {
  await loadGo();
  const result: AnalyzeResult = { diagnostics: [], stats: { files: 0, lines: 0, bytes: 0, skipped: 0 }, errors: [] };
  let done = 0;
  for (const file of opts.files) {
    const rel = path.relative(opts.root, file).split(path.sep).join('/');
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (e) {
      result.errors.push({ file: rel, message: (e as Error).message });
      continue;
    }
    const tree = parseGo(source);
    try {
      const header = readHeader(tree);
      if (!header.buildable || (header.generated && !opts.includeGenerated)) {
        result.stats.skipped++;
        continue;
      }
      result.stats.files++;
      result.stats.bytes += Buffer.byteLength(source);
      result.stats.lines += tree.rootNode.endPosition.row + 1;
    } finally {
      tree.delete();
      opts.onProgress?.(++done, opts.files.length);
    }
  }
  return result;
}
