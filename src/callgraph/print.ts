// A call graph as text, for golden tests and debugging: every edge by caller (`file:line kind via → callee`),
// then the roots.
import type { At } from '../ir/types.js';
import type { Root } from './roots.js';
import type { CallGraph } from './types.js';

export function printCallGraph(g: CallGraph, roots: readonly Root[]): string {
  const out: string[] = [];
  const name = (id: string) => g.funcs.get(id)?.name ?? id;
  for (const from of [...g.out.keys()].sort()) {
    out.push(`${name(from)} [${from}]`);
    const edges = [...g.out.get(from)!].sort((a, b) => pos(a.at).localeCompare(pos(b.at), 'en', { numeric: true }) || a.to.localeCompare(b.to));
    for (const e of edges) out.push(`  ${pos(e.at)} ${e.kind}${e.kind === 'call' ? '' : ` (${e.text})`} ${e.via}${e.inLoop ? ' in-loop' : ''} -> ${e.to}`);
  }
  out.push('roots:');
  for (const r of [...roots].sort((a, b) => pos(a.at).localeCompare(pos(b.at), 'en', { numeric: true }))) {
    out.push(`  ${r.kind}${r.multi ? '*' : ''} ${r.func}: ${r.label} [${pos(r.at)}]`);
  }
  out.push(`unresolved: interface ${g.unresolved.interface}, value ${g.unresolved.value}`);
  return out.join('\n') + '\n';
}

function pos(at: At): string {
  return `${at.file}:${at.line}:${at.column}`;
}
