// docs/checks.md is generated from the registry (`npm run docs`); a test fails when it is stale.
import { CHECKS } from './registry.js';

export function renderChecksDoc(): string {
  const out: string[] = [
    '# maprace checks',
    '',
    '<!-- Generated from src/checks/*/index.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Each check has a stable code: it is the SARIF rule id, the `--explain` argument and the key of',
    '`//maprace:ignore CODE reason` directives. Checks and severities can be changed in the',
    '[configuration file](configuration.md).',
    '',
    '| code | name | what it reports | default | severity |',
    '| --- | --- | --- | --- | --- |',
    ...CHECKS.map((c) => `| [${c.code}](#${anchor(c.code, c.name)}) | ${c.name} | ${c.title} | ${c.defaultEnabled ? 'on' : 'off'} | ${c.defaultSeverity} |`),
    '',
  ];
  for (const c of CHECKS) {
    out.push(`## ${c.code} ${c.name}`, '', `*${c.title}* — since ${c.since}, ${c.defaultEnabled ? 'on' : 'off'} by default, severity ${c.defaultSeverity}.`, '', c.doc.replace(/^### /gm, '#### '), '');
  }
  return out.join('\n');
}

function anchor(code: string, name: string): string {
  return `${code.toLowerCase()}-${name}`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').slice(-3).join('/'))) {
  const fs = await import('node:fs');
  fs.writeFileSync(process.argv[2] ?? 'docs/checks.md', renderChecksDoc());
}
