import type { Command } from 'commander';
import { analyze } from '../analysis/engine.js';
import { loadFiles } from '../go/load.js';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .argument('[patterns...]', 'packages: ./..., ./pkg/..., a directory or a file', [])
    .action(async (patterns: string[]) => {
      const loaded = await loadFiles(patterns, { cwd: process.cwd() });
      const result = await analyze({ root: loaded.root, modules: loaded.modules, files: loaded.files });
      for (const d of result.diagnostics) console.log(`${d.range.file}:${d.range.start.line}:${d.range.start.column}: ${d.message} (${d.check} ${d.name})`);
      process.exitCode = result.diagnostics.length ? 1 : 0;
    });
}
