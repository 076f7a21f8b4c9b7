import { checkstyleReporter, githubReporter, golangciReporter } from './ci.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import type { Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export const REPORTERS: Reporter[] = [textReporter, jsonReporter, sarifReporter, githubReporter, checkstyleReporter, golangciReporter, htmlReporter];

export function findReporter(name: string): Reporter | undefined {
  return REPORTERS.find((r) => r.name === name);
}
