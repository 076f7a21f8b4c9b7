import { checkstyleReporter, githubReporter } from './ci.js';
import { codeClimateReporter } from './codeclimate.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { lineReporter } from './line.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export const REPORTERS: Reporter[] = [textReporter, lineReporter, jsonReporter, sarifReporter, githubReporter, checkstyleReporter, codeClimateReporter, htmlReporter];

export function findReporter(name: string): Reporter | undefined {
  return REPORTERS.find((r) => r.name === name);
}
