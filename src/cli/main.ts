#!/usr/bin/env node
// maprace command line: one file per subcommand; no analysis logic here.
import { Command, CommanderError } from 'commander';
import { GRAMMAR_VERSION, RUNTIME_VERSION, VERSION } from '../assets.js';

/** `maprace --version`: the tool and the Go grammar it parses with, which decides what syntax it reads. */
const VERSION_LINE = `maprace ${VERSION} (Go grammar tree-sitter-go ${GRAMMAR_VERSION}, web-tree-sitter ${RUNTIME_VERSION})`;

async function main(argv: string[]): Promise<void> {
  const program = new Command('maprace')
    .description('find Go maps that goroutines can touch without synchronization, and triage concurrent map crashes')
    .version(VERSION_LINE, '-V, --version', 'print the version of maprace and of its Go grammar')
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
  const command = argv.slice(2).find((a) => !a.startsWith('-'));
  let args = argv;
  if (command !== 'triage') {
    const check = await import('./check.js');
    check.registerCheck(program);
    args = check.boolFlags(argv);
  }
  if (command !== 'check') (await import('./triage.js')).registerTriage(program);
  try {
    await program.parseAsync(args);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  }
}

void main(process.argv);
