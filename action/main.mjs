// GitHub Action entry point (node24, no dependencies): runs the committed single-file bundle of maprace
// (action/dist/maprace.cjs, built by `npm run bundle`; nothing is installed or compiled per job) on the workspace,
// prints `::error` annotations, writes SARIF, a step summary and the outputs, and fails the job by the threshold.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ACTION_PATH = process.env.GITHUB_ACTION_PATH || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ACTION_PATH, 'action', 'dist', 'maprace.cjs');
const SEVERITY_RANK = { note: 1, warning: 2, error: 3 };

/** Inputs as the runner passes them: INPUT_<NAME upper-cased, spaces as underscores>. */
export function input(name, fallback = '') {
  const v = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

/** Appends `name=value` to a runner file (GITHUB_OUTPUT), with the heredoc form for multi-line values. */
function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const text = String(value);
  if (!text.includes('\n')) fs.appendFileSync(file, `${name}=${text}\n`);
  else {
    const delimiter = `maprace_${Math.random().toString(36).slice(2)}`;
    fs.appendFileSync(file, `${name}<<${delimiter}\n${text}\n${delimiter}\n`);
  }
}

/** `fail-on`: a severity threshold or a maximum count. Returns the reason to fail, if any. */
export function failure(findings, failOn) {
  if (failOn === 'none') return undefined;
  if (/^\d+$/.test(failOn)) {
    const max = Number(failOn);
    return findings.length > max ? `${findings.length} findings, more than the allowed ${max}` : undefined;
  }
  const rank = SEVERITY_RANK[failOn];
  if (!rank) throw new Error(`fail-on: expected error, warning, note, none or a number, got ${failOn}`);
  const bad = findings.filter((f) => (SEVERITY_RANK[f.severity] ?? 3) >= rank);
  return bad.length ? `${bad.length} finding(s) of severity ${failOn} or worse` : undefined;
}

function markdownCell(s) {
  return String(s).replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function summary(findings, repoPath, errors = []) {
  if (errors.length) {
    const rows = errors.slice(0, 200).map((e) => `| \`${markdownCell(repoPath(e.file))}\` | ${markdownCell(e.message)} |`);
    const rest = findings.length ? summary(findings, repoPath).replace(/^### .*\n\n/, '') : '';
    return `### maprace: analysis incomplete, ${errors.length} file(s)/package(s) not analysed\n\n| not analysed | why |\n| --- | --- |\n${rows.join('\n')}\n\n${findings.length} finding(s) in the code that was analysed.\n\n${rest}`;
  }
  if (findings.length === 0) return '### maprace\n\nNo Go map can be touched by two goroutines without synchronization. ✅\n';
  const rows = findings.slice(0, 200).map((f) => `| ${f.check} | \`${markdownCell(repoPath(f.location.file))}:${f.location.line}\` | ${markdownCell(f.message)} |`);
  const more = findings.length > rows.length ? `\n… and ${findings.length - rows.length} more (see the SARIF report).\n` : '';
  return `### maprace: ${findings.length} finding(s)\n\n| check | where | what |\n| --- | --- | --- |\n${rows.join('\n')}\n${more}`;
}

/** The pull request's base commit, from the event payload. */
export function pullRequestBase() {
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file || !fs.existsSync(file)) return undefined;
  try {
    const event = JSON.parse(fs.readFileSync(file, 'utf8'));
    return event?.pull_request?.base?.sha;
  } catch {
    return undefined;
  }
}

export function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const cwd = path.resolve(workspace, input('working-directory', '.'));
  const sarif = path.resolve(workspace, input('sarif-file', 'maprace.sarif'));
  const failOn = input('fail-on', 'error');
  failure([], failOn); // validate early

  const jsonFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-')), 'report.json');
  const args = [CLI, 'check', '--format', 'github', '--report', `sarif=${sarif}`, '--report', `json=${jsonFile}`];
  const baseline = input('baseline');
  if (baseline) args.push('--baseline', path.resolve(workspace, baseline));
  if (input('only-new', 'false') === 'true') {
    const base = pullRequestBase();
    if (base) args.push('--new-from-rev', base);
    else console.log('maprace: only-new is set but this is not a pull_request event; reporting all findings');
  }
  args.push(...input('args').split(/\s+/).filter(Boolean), ...input('patterns', './...').split(/\s+/).filter(Boolean));

  // Annotations go straight to the log, where the runner turns them into pull-request annotations.
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
  // Exit status 2 with a report that names files or packages not analysed: an incomplete analysis, reported in
  // full and failed whatever fail-on says. Any other 2: a usage or I/O error, and no report.
  const report = [0, 1, 2].includes(r.status) && fs.existsSync(jsonFile) ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : undefined;
  const errors = report?.errors ?? [];
  if (!report || (r.status === 2 && !errors.length)) {
    console.log(`::error title=maprace::maprace check failed (exit status ${r.status ?? r.signal})`);
    return 2;
  }
  const findings = report.findings;
  const repoPath = (file) => path.relative(workspace, path.resolve(cwd, file)).split(path.sep).join('/');
  setOutput('findings', findings.length);
  setOutput('sarif-file', sarif);
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary(findings, repoPath, errors));
  if (errors.length) {
    console.log(`::error title=maprace::analysis incomplete: ${errors.length} files/packages not analysed (see the annotations)`);
    return 2;
  }
  const why = failure(findings, failOn);
  if (why) {
    console.log(`::error title=maprace::${why} (fail-on: ${failOn})`);
    return 1;
  }
  console.log(`maprace: ${findings.length} finding(s); SARIF written to ${path.relative(workspace, sarif)}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (e) {
    console.log(`::error title=maprace::${String(e.message ?? e).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
    process.exitCode = 2;
  }
}
