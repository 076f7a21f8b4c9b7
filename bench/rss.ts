// `node dist/bench/rss.js SCRIPT ARGS...`: runs SCRIPT in this process as if started directly and, at exit,
// writes this process's peak resident set size (kilobytes) to $MAPRACE_BENCH_RSS_FILE. Used by
// bench/check.ts where GNU time is not available.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const script = process.argv[2];
const out = process.env.MAPRACE_BENCH_RSS_FILE;
if (!script || !out) {
  process.stderr.write('usage: MAPRACE_BENCH_RSS_FILE=FILE node rss.js SCRIPT [ARGS...]\n');
  process.exit(2);
}
process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS)));
process.argv.splice(1, 2, path.resolve(script));
await import(pathToFileURL(path.resolve(script)).href);
