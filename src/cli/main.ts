#!/usr/bin/env node
// maprace command line: one file per subcommand; no analysis logic here.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';

const program = new Command('maprace')
  .description('find Go maps that goroutines can touch without synchronization, and triage concurrent map crashes')
  .version(VERSION)
  // Usage errors exit with 2 (commander's default is 1, which means "findings" here).
  .exitOverride();
// A reader that stops early (`maprace check | head`) closes the pipe: the run ends quietly with the exit status it
// would have had, not with an unhandled EPIPE (whose exit status 1 would read as "findings").
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    process.exitCode = 2;
    if (stream === process.stdout) process.stderr.write(`maprace: cannot write the output: ${e.message}\n`);
  });
}
// Only the command being run is loaded (the check engine takes longer to load than `triage` needs for a big dump).
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (command !== 'triage') (await import('./check.js')).registerCheck(program);
if (command !== 'check') (await import('./triage.js')).registerTriage(program);
try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (!(e instanceof CommanderError)) throw e;
  process.exitCode = e.exitCode === 0 ? 0 : 2;
}
