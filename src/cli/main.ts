#!/usr/bin/env node
// maprace command line: one file per subcommand; no analysis logic here.
import { Command } from 'commander';
import { registerCheck } from './check.js';
import { registerTriage } from './triage.js';

const program = new Command('maprace')
  .description('find Go maps that goroutines can touch without synchronization, and triage concurrent map crashes')
  .version('0.1.0');
registerCheck(program);
registerTriage(program);
await program.parseAsync(process.argv);
