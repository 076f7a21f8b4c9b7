// What happens to a Go crash dump between the runtime and a bug report (issue 13's list): each damage takes a
// dump's text and returns what a collector, a terminal, a markdown renderer or a person made of it. The tests
// apply them to the real dumps of test/triage/dumps/ (test/triage/damage.test.ts). Also a script:
//   node dist/test/triage/damage.js DAMAGE[,DAMAGE...] FILE     the damaged dump on standard output
//   node dist/test/triage/damage.js --list                       the damages, by stage
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The stage a damage happens at, in the order a log goes through them: the runtime's output itself, the log
 * collector, the terminal or viewer, the paste into markdown, the file's encoding.
 */
export type Stage = 'output' | 'collector' | 'display' | 'paste' | 'encoding';

export interface Damage {
  stage: Stage;
  /** The dumps it applies to keeping their kind (a lost header leaves only the frames to tell the kind). */
  only?: RegExp;
  apply(text: string): string;
}

const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');
const join = (ls: string[]): string => `${ls.join('\n')}\n`;
const perLine = (f: (line: string, i: number) => string) => (text: string) => join(lines(text).map(f));
/** The index of the first goroutine header, and of the first frame's file line after it. */
const firstGoroutine = (ls: string[]) => ls.findIndex((l) => /^goroutine \d+/.test(l));
/** `f` on the lines of a dump with a goroutine header; other texts unchanged. */
const atGoroutine = (f: (ls: string[], at: number) => string[]) => (t: string) => {
  const ls = lines(t);
  const at = firstGoroutine(ls);
  return at < 0 ? t : join(f(ls, at));
};
const SYSTEM = /-system\.txt$/;

const KLOG = 'I0323 16:08:06.471234       1 controller.go:42] "Reconciling" object="default/web"';
const JSON_LOG = '{"level":"info","ts":1711209686.471,"logger":"controller","msg":"Starting workers","worker count":1}';
const PANEL = ['╭──────────────────── Error ────────────────────╮', '│ failed to sync: context deadline exceeded     │', '╰───────────────────────────────────────────────╯'];

export const DAMAGES: Record<string, Damage> = {
  // The runtime's output, or what was kept of it.
  'no-fatal-line': { stage: 'output', only: SYSTEM, apply: (t) => join(lines(t).filter((l) => !/^fatal error: /.test(l))) },
  'no-goroutine-header': { stage: 'output', apply: atGoroutine((ls, at) => ls.filter((_, i) => i !== at)) },
  'starts-mid-dump': { stage: 'output', only: SYSTEM, apply: atGoroutine((ls, at) => ['... (earlier lines lost)', ...ls.slice(at + 1)]) },
  'call-without-file-line': { stage: 'output', apply: atGoroutine((ls, at) => ls.filter((_, i) => i !== at + 2)) },
  'duplicated-fatal-line': { stage: 'output', apply: (t) => t.replace(/^(fatal error: .*\n)/m, '$1$1') },
  'mixed-fatal-lines': { stage: 'output', apply: (t) => t.replace(/^(fatal error: .*\n)/m, '$1fatal error: concurrent map read and map write\n') },
  'cut-mid-word': {
    stage: 'output',
    apply: (t) => {
      // Cut inside a line after the first goroutine (the culprit's), or inside the last line.
      const ls = lines(t);
      const second = ls.findIndex((l, i) => i > firstGoroutine(ls) && /^goroutine \d+/.test(l));
      const at = second > 0 ? second + 1 : ls.length - 1;
      return `${ls.slice(0, at).join('\n')}\n${ls[at]!.slice(0, Math.ceil(ls[at]!.length / 2))}`;
    },
  },
  'log-lines-inside': { stage: 'output', apply: (t) => join(lines(t).flatMap((l, i) => (i % 3 === 2 ? [l, KLOG] : [l]))) },
  'json-log-lines-inside': { stage: 'output', apply: (t) => join(lines(t).flatMap((l, i) => (i % 4 === 3 ? [l, JSON_LOG] : [l]))) },
  'box-panel-inside': { stage: 'output', apply: (t) => join(lines(t).flatMap((l, i) => (i % 7 === 4 ? [l, ...PANEL] : [l]))) },

  // Log collectors: per-line prefixes and records.
  'rfc3339': { stage: 'collector', apply: perLine((l) => `2025-03-23T16:08:06.471Z ${l}`) },
  'kubectl-timestamps': { stage: 'collector', apply: perLine((l) => `2025-03-23T16:08:06.471234567+00:00 ${l}`) },
  'cri': { stage: 'collector', apply: perLine((l) => `2025-03-23T16:08:06.471234567Z stderr F ${l}`) },
  'space-timestamp': { stage: 'collector', apply: perLine((l) => `2025-03-23 16:08:06,471 ${l}`) },
  'go-log-timestamp': { stage: 'collector', apply: perLine((l) => `2025/03/23 16:08:06 ${l}`) },
  'bracket-timestamp': { stage: 'collector', apply: perLine((l) => `[2025-03-23T16:08:06.471Z] ${l}`) },
  'journald': { stage: 'collector', apply: perLine((l) => `Mar 23 16:08:06.471234 node-1 app[1234]: ${l}`) },
  'syslog': { stage: 'collector', apply: perLine((l) => `Mar  3 16:08:06 node-1 app: ${l}`) },
  'syslog-#011': { stage: 'collector', apply: perLine((l) => `Mar 23 16:08:06 host app[1234]: ${l.replace(/\t/g, '#011')}`) },
  'docker-compose': { stage: 'collector', apply: perLine((l) => `app-1  | ${l}`) },
  'swarm': { stage: 'collector', apply: perLine((l) => `app.1.p6y5l5dzf6gu@node-1    | ${l}`) },
  'loki-export': { stage: 'collector', apply: perLine((l) => `2025-03-23 16:08:06.471\t${l}`) },
  'kibana-export': { stage: 'collector', apply: perLine((l) => `Mar 23, 2025 @ 16:08:06.471\t${l}`) },
  'stern': { stage: 'collector', apply: perLine((l) => `[web-7d4b9c-x2x9q] ${l}`) },
  'terraform': { stage: 'collector', apply: perLine((l) => `2025-03-23T16:08:06.471Z [DEBUG] plugin.terraform-provider-aws_v5.0.0_x5: ${l}`) },
  // Loki and other collectors may hand lines back out of order; their distinct timestamps tell the order.
  'reordered-by-collector': {
    stage: 'collector',
    apply: (t) => {
      const ls = lines(t).map((l, i) => `2025-03-23T16:08:06.${String(471000 + i).padStart(6, '0')}Z stdout F ${l}`);
      const out: string[] = [];
      for (let i = 0; i < ls.length; i += 5) out.push(...ls.slice(i, i + 5).reverse());
      return join(out);
    },
  },
  // Grafana shows Loki's lines newest first; a copy of that is the dump upside down (the window holds 256 lines).
  'newest-first': {
    stage: 'collector',
    apply: (t) => join(lines(t).map((l, i) => `2025-03-23T16:08:06.${String(471000 + i).padStart(6, '0')}Z ${l}`).reverse()),
  },
  'docker-json-file': { stage: 'collector', apply: perLine((l) => JSON.stringify({ log: `${l}\n`, stream: 'stderr', time: '2025-03-23T16:08:06.471234567Z' })) },
  'json-lines': { stage: 'collector', apply: perLine((l) => JSON.stringify({ level: 'error', ts: '2025-03-23T16:08:06Z', message: l })) },
  'journald-json': { stage: 'collector', apply: perLine((l) => JSON.stringify({ __REALTIME_TIMESTAMP: '1742745686471234', _SYSTEMD_UNIT: 'app.service', MESSAGE: l })) },

  // Terminals and viewers (in the order they act: tabs expanded, lines wrapped, padded, coloured).
  'tabs-as-4-spaces': { stage: 'display', apply: (t) => t.replace(/\t/g, '    ') },
  'tabs-as-8-spaces': { stage: 'display', apply: (t) => t.replace(/\t/g, '        ') },
  'indentation-stripped': { stage: 'display', apply: perLine((l) => l.trimStart()) },
  'hard-wrap-80': { stage: 'display', apply: perLine((l) => (l.match(/.{1,80}/gu) ?? ['']).join('\n')) },
  'trailing-spaces': { stage: 'display', apply: perLine((l) => `${l}   `) },
  'crlf': { stage: 'display', apply: (t) => t.replace(/\n/g, '\r\n') },
  'ansi-colours': { stage: 'display', apply: perLine((l) => `\x1b[31m${l}\x1b[0m`) },
  'ansi-reset-at-start': { stage: 'display', apply: perLine((l) => `\x1b[0m${l}`) },

  // Markdown in an issue.
  'code-fence': { stage: 'paste', apply: (t) => `Here is the crash:\n\n\`\`\`text\n${t}\`\`\`\n\nAny idea?\n` },
  'fence-glued': { stage: 'paste', apply: (t) => `\`\`\`${t.replace(/\n$/, '')}\`\`\`\n` },
  'inline-backticks': { stage: 'paste', apply: perLine((l) => (l.trim() ? `\`${l}\`` : l)) },
  'bold-header': { stage: 'paste', apply: (t) => t.replace(/^(fatal error: .*)$/m, '**$1**') },
  'blockquote': { stage: 'paste', apply: perLine((l) => `> ${l}`) },
  'indented-block': { stage: 'paste', apply: perLine((l) => `    ${l}`) },
  'details': { stage: 'paste', apply: (t) => `<details>\n<summary>stack trace</summary>\n\n<pre>\n${t}</pre>\n</details>\n` },

  // Encodings (PowerShell's `2>` redirect writes UTF-16LE with a byte-order mark).
  'utf-16le-bom': { stage: 'encoding', apply: (t) => `\ufeff${t}` },
  'utf-16be-bom': { stage: 'encoding', apply: (t) => `\ufeff${t}` },
  'utf-16le': { stage: 'encoding', apply: (t) => t },
};

/** The bytes of a damaged text: UTF-8, or UTF-16 for the encoding damages. */
export function encode(text: string, damages: string[]): Buffer {
  const encoding = damages.find((d) => d.startsWith('utf-16'));
  if (!encoding) return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16be-bom' ? le.swap16() : le;
}

/** Applies damages in the order they are listed in (by stage: a log goes through the runtime, a collector, ...). */
export function damage(text: string, names: string[]): Buffer {
  const order = Object.keys(DAMAGES);
  const sorted = [...names].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return encode(sorted.reduce((t, n) => DAMAGES[n]!.apply(t), text), names);
}

// Run as a script (not when `node --test dist/` loads every file under test/).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && !process.env.NODE_TEST_CONTEXT) {
  const [names, file] = process.argv.slice(2);
  if (names === '--list' || !names || !file) {
    for (const [name, d] of Object.entries(DAMAGES)) console.log(`${d.stage.padEnd(10)} ${name}`);
    process.exitCode = names === '--list' ? 0 : 2;
  } else {
    const list = names.split(',');
    const unknown = list.filter((n) => !DAMAGES[n]);
    if (unknown.length) {
      console.error(`unknown damage: ${unknown.join(', ')} (--list lists them)`);
      process.exitCode = 2;
    } else process.stdout.write(damage(fs.readFileSync(file, 'utf8'), list));
  }
}
