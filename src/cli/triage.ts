import type { Command } from 'commander';

export function registerTriage(program: Command): void {
  program.command('triage').argument('[files...]').description('not implemented yet').action(() => {
    console.error('maprace triage: not implemented yet');
    process.exitCode = 2;
  });
}
