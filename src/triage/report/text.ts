// The terminal format: the answer first (what crashed, where, which other goroutine, how sure), then the
// matching check finding and the groups.
import pc from 'picocolors';
import type { CrashSummary, Frame, Party } from '../analyze.js';
import { OP_ING, OP_VERB, type TriageReport, crashTitle, frameFile, frameKey, noOtherParty, raceAccessLabel } from './model.js';

export function renderText(r: TriageReport, opts: { color: boolean; all: boolean }): string {
  const c = pc.createColors(opts.color);
  const out: string[] = [];
  const where = (f: Frame | undefined) => {
    if (!f) return '(no frame outside the Go runtime)';
    const loc = r.located.get(frameKey(f));
    return `${c.bold(f.func)}  ${frameFile(f, loc?.local)}`;
  };
  const code = (f: Frame | undefined, indent: string) => {
    const loc = f && r.located.get(frameKey(f));
    if (loc?.code !== undefined) out.push(`${indent}${c.dim(`${f!.line} |`)} ${loc.code}`);
  };
  const party = (p: Party, indent: string) => {
    out.push(`${indent}at ${where(p.access)}${p.via ? c.dim(`  via ${p.via.func}`) : ''}`);
    code(p.access, `${indent}  `);
    if (p.createdBy) out.push(`${indent}${c.dim(`created by ${p.createdBy.func}  ${r.located.get(frameKey(p.createdBy))?.local ?? p.createdBy.file}:${p.createdBy.line}`)}`);
  };
  r.crashes.forEach((crash, i) => {
    const title = crashTitle(crash);
    out.push(`${c.red(c.bold(title))}  ${c.dim(`(crash ${i + 1} of ${r.crashes.length}, input line ${crash.line}, ${crash.goroutineCount} goroutine${crash.goroutineCount === 1 ? '' : 's'}${crash.truncated ? ', truncated' : ''})`)}`);
    const k = crash.culprit;
    if (k) {
      const did = k.op ? `${OP_VERB[k.op]} the map` : 'crashed';
      out.push(`  ${c.yellow('culprit:')} goroutine ${k.goroutine} [${k.state}] ${did}${k.mapPointer ? ` ${k.mapPointer}` : ''}`);
      party(k, '    ');
    }
    if (crash.kind.startsWith('concurrent map')) {
      const o = crash.otherParty;
      if (o) {
        out.push(`  ${c.yellow('other party')} (${o.certainty}): goroutine ${o.goroutine} [${o.state}] ${o.op ? OP_ING[o.op] : 'using'} the map, ${o.reason}`);
        party(o, '    ');
      } else {
        out.push(`  ${c.yellow('other party:')} ${noOtherParty(crash)}`);
      }
    }
    for (const d of r.findings.get(i) ?? []) {
      out.push(`  ${c.green('maprace check:')} ${d.check} ${d.name} at ${d.range.file}:${d.range.start.line}: ${d.message}`);
      if (d.suggestion) out.push(`    fix: ${d.suggestion}`);
    }
    groups(crash, out, c, opts.all);
    out.push('');
  });
  r.races.forEach((g, i) => {
    const pair = g.accesses.map(raceAccessLabel).join(' vs ');
    out.push(`${c.red(c.bold('WARNING: DATA RACE'))}  ${c.dim(`(race ${i + 1} of ${r.races.length}, input line ${g.line}${g.count > 1 ? `, reported ${g.count} times` : ''})`)}`);
    out.push(`  ${pair}`);
    for (const a of g.accesses) {
      out.push(`    ${a.previous ? 'previous ' : ''}${a.op}: ${where(a.access)}${a.via ? c.dim(`  via ${a.via.func}`) : ''}`);
      code(a.access, '      ');
    }
    for (const cr of g.created) {
      const f = cr.stack.find((s) => !s.func.startsWith('runtime.'));
      if (f) out.push(`    ${c.dim(`goroutine ${cr.goroutine} created at ${f.func}  ${f.file}:${f.line}`)}`);
    }
    out.push('');
  });
  if (!r.crashes.length && !r.races.length) out.push(c.green(`no Go crash or race report in ${r.lines} lines`));
  return out.join('\n') + '\n';
}

function groups(crash: CrashSummary, out: string[], c: ReturnType<typeof pc.createColors>, all: boolean): void {
  const n = crash.groups.length;
  if (!all) {
    const top = crash.groups[0];
    out.push(`  ${c.dim(`${n} goroutine group${n === 1 ? '' : 's'}${top && top.count > 1 ? `; largest: ${top.count} x [${top.state}] ${top.stack.find((f) => !f.func.startsWith('runtime.'))?.func ?? top.stack[0]?.func ?? ''}` : ''} (--all lists them)`)}`);
    return;
  }
  out.push(`  goroutine groups (${n}${crash.ungrouped ? `, ${crash.ungrouped} more not grouped` : ''}):`);
  for (const g of crash.groups) {
    out.push(`    ${String(g.count).padStart(6)} x [${g.state}] goroutine${g.count === 1 ? '' : 's'} ${g.ids.slice(0, 5).join(', ')}${g.count > 5 ? ', ...' : ''}`);
    for (const f of g.stack.slice(0, 12)) out.push(`             ${f.func}  ${f.file}:${f.line}`);
    if (g.stack.length > 12) out.push(`             ... ${g.stack.length - 12} more frames`);
    if (g.createdBy) out.push(`             ${c.dim(`created by ${g.createdBy.func}  ${g.createdBy.file}:${g.createdBy.line}`)}`);
  }
}
