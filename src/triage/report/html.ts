// The HTML format of triage: one self-contained page (shell, CSP and script in src/report/html-page.ts). Each
// crash answers first (culprit and other party side by side, with their code when --source found it, and how
// sure the pairing is), then the matching `maprace check` finding, then the goroutine groups as collapsible
// <details>; race reports follow, one section per distinct pair of locations.
import { esc, frameHtml, htmlPage, plural, tile } from '../../report/html-page.js';
import { findingHtml } from '../../report/html.js';
import { SourceCache } from '../../report/source.js';
import { type Certainty, type CrashSummary, type Frame, type Group, type Party, isRuntimeFrame } from '../analyze.js';
import { OP_ING, OP_VERB, type TriageReport, crashTitle, frameFile, frameKey, noOtherParty, raceAccessLabel } from './model.js';

const CERTAINTY_CHIP: Record<Certainty, string> = { 'same map pointer': 'ok', 'same code': 'warn', guess: 'bad' };
const MAX_IDS = 5;

export function renderHtml(r: TriageReport, version: string): string {
  const src = r.sourceRoot ? new SourceCache(r.sourceRoot) : undefined;
  const findingSrc = r.findingsRoot ? new SourceCache(r.findingsRoot) : undefined;
  const where = (f: Frame) => frameFile(f, r.located.get(frameKey(f))?.local);
  const frameLine = (f: Frame) => `<span class="mono">${esc(f.func)}</span> <span class="loc muted">${esc(where(f))}</span>`;
  /** The code of a frame, marked from its first non-blank column, when --source found the file. */
  const code = (f: Frame | undefined) => {
    const local = f && r.located.get(frameKey(f))?.local;
    const raw = local && src?.raw(local, f.line);
    return raw ? frameHtml(src, local, f.line, raw.search(/\S|$/) + 1, undefined, 2) : '';
  };
  const stack = (frames: Frame[]) =>
    `<ol class="stack">${frames.map((f) => `<li${isRuntimeFrame(f) ? ' class="rt"' : ''}>${esc(f.func)}  ${esc(`${f.file}:${f.line}`)}</li>`).join('')}</ol>`;
  const createdBy = (f: Frame | undefined) => (f ? `<p class="muted">created by ${frameLine(f)}</p>` : '');
  const party = (p: Party, did: string) => [
    `<p>goroutine ${p.goroutine} <span class="chip">${esc(p.state)}</span> ${esc(did)}${p.mapPointer ? ` <code>${esc(p.mapPointer)}</code>` : ''}</p>`,
    p.access ? `<p>at ${frameLine(p.access)}${p.via ? ` <span class="muted">via ${esc(p.via.func)}</span>` : ''}</p>${code(p.access)}` : '<p class="muted">no frame outside the Go runtime</p>',
    createdBy(p.createdBy),
    `<details><summary>stack (${plural(p.stack.length, 'frame')})</summary>${stack(p.stack)}</details>`,
  ].join('');

  const crashHtml = (crash: CrashSummary, i: number) => {
    const id = `crash-${i + 1}`;
    const findings = r.findings.get(i) ?? [];
    const out: string[] = [
      `<section class="crash" id="${id}" aria-labelledby="${id}-h">`,
      `<h2 id="${id}-h">${esc(crashTitle(crash))}</h2>`,
      `<p class="muted">crash ${i + 1} of ${r.crashes.length}, input line ${crash.line}, ${plural(crash.goroutineCount, 'goroutine')}${crash.truncated ? ', <span class="chip bad">truncated</span>' : ''}</p>`,
    ];
    if (crash.notes.length) out.push(`<ul class="notes">${crash.notes.map((n) => `<li class="mono">${esc(n)}</li>`).join('')}</ul>`);
    const isMap = crash.kind.startsWith('concurrent map');
    const k = crash.culprit;
    const panes: string[] = [];
    if (k) panes.push(`<section class="pane culprit" aria-label="culprit"><h5>culprit</h5>${party(k, k.op ? `${OP_VERB[k.op]} the map` : 'crashed')}</section>`);
    if (isMap) {
      const o = crash.otherParty;
      panes.push(o
        ? `<section class="pane other-party" aria-label="other party"><h5>other party <span class="chip ${CERTAINTY_CHIP[o.certainty]}">${esc(o.certainty)}</span></h5>` +
          `<p>${esc(o.reason)}</p>${party(o, `${o.op ? OP_ING[o.op] : 'using'} the map`)}</section>`
        : `<section class="pane other-party" aria-label="other party"><h5>other party</h5><p>${esc(noOtherParty(crash))}</p></section>`);
    }
    if (panes.length) out.push(`<div class="pair">${panes.join('')}</div>`);
    const more = crash.candidates.filter((c) => c !== crash.otherParty);
    if (more.length) {
      out.push(`<details><summary>other candidates (${more.length})</summary><ul>${more.map((c) =>
        `<li>goroutine ${c.goroutine} [${esc(c.state)}] <span class="chip ${CERTAINTY_CHIP[c.certainty]}">${esc(c.certainty)}</span> ${esc(c.reason)}${c.access ? ` at ${frameLine(c.access)}` : ''}</li>`).join('')}</ul></details>`);
    }
    if (findings.length) {
      out.push(
        `<h3>maprace check ${findings.length === 1 ? 'finding' : 'findings'} at this code</h3>`,
        `<p class="finding-links">${findings.map((d, j) => `<a href="#${id}-finding-${j + 1}">${esc(d.check)} ${esc(d.name)} at ${esc(`${d.range.file}:${d.range.start.line}`)}</a>`).join(', ')}</p>`,
        ...findings.map((d, j) => findingHtml(d, findingSrc, `${id}-finding-${j + 1}`)),
      );
    }
    out.push(groupsHtml(crash.groups, crash.ungrouped, `${id}-groups`), '</section>');
    return out.join('\n');
  };

  function groupsHtml(groups: Group[], ungrouped: number, id: string): string {
    const summary = (g: Group) => {
      const top = g.stack.find((f) => !isRuntimeFrame(f)) ?? g.stack[0];
      const ids = g.ids.slice(0, MAX_IDS).join(', ') + (g.count > MAX_IDS ? ', …' : '');
      return `<strong>${g.count} ×</strong> <span class="chip">${esc(g.state)}</span> ${g.count === 1 ? 'goroutine' : 'goroutines'} ${ids}${top ? ` — <span class="mono">${esc(top.func)}</span>` : ''}`;
    };
    return [
      `<section id="${id}" aria-labelledby="${id}-h"><h3 id="${id}-h">goroutine groups <span class="count">${groups.length}${ungrouped ? `, ${ungrouped} more not grouped` : ''}</span></h3>`,
      `<div class="toolbar" hidden><button type="button" data-expand="open" aria-controls="${id}">expand all</button><button type="button" data-expand="close" aria-controls="${id}">collapse all</button></div>`,
      ...groups.map((g) => `<details class="group"><summary>${summary(g)}</summary>${stack(g.stack)}${createdBy(g.createdBy)}</details>`),
      '</section>',
    ].join('\n');
  }

  const raceHtml = (g: TriageReport['races'][number], i: number) => {
    const id = `race-${i + 1}`;
    return [
      `<section class="race" id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">data race: ${esc(g.accesses.map(raceAccessLabel).join(' vs '))}</h2>`,
      `<p class="muted">race ${i + 1} of ${r.races.length}, input line ${g.line}${g.count > 1 ? `, reported ${g.count} times` : ''}</p>`,
      `<div class="pair">${g.accesses.map((a) => `<section class="pane" aria-label="${esc(raceAccessLabel(a))}"><h5>${esc(raceAccessLabel(a))}</h5>` +
        `${a.access ? `<p>at ${frameLine(a.access)}${a.via ? ` <span class="muted">via ${esc(a.via.func)}</span>` : ''}</p>${code(a.access)}` : ''}<details><summary>stack (${plural(a.stack.length, 'frame')})</summary>${stack(a.stack)}</details></section>`).join('')}</div>`,
      g.created.length ? `<ul>${g.created.map((c) => {
        const f = c.stack.find((s) => !isRuntimeFrame(s));
        return `<li>goroutine ${c.goroutine} <span class="chip">${esc(c.state)}</span> created${f ? ` at ${frameLine(f)}` : ''}</li>`;
      }).join('')}</ul>` : '',
      '</section>',
    ].join('\n');
  };

  const mapCrashes = r.crashes.filter((c) => c.kind.startsWith('concurrent map')).length;
  const body: string[] = [
    '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><dl class="tiles">',
    tile('crashes', r.crashes.length, true),
    tile('concurrent map crashes', mapCrashes, true),
    tile('distinct data races', r.races.length, true),
    tile('input lines', r.lines),
    tile('check findings at the crash sites', [...r.findings.values()].reduce((n, l) => n + l.length, 0)),
    '</dl>',
  ];
  if (r.crashes.length + r.races.length > 1) {
    body.push(`<nav aria-label="contents"><ol>${[
      ...r.crashes.map((c, i) => `<li><a href="#crash-${i + 1}">${esc(crashTitle(c))}</a>${c.culprit?.access ? ` <span class="muted">in ${esc(c.culprit.access.func)}</span>` : ''}</li>`),
      ...r.races.map((g, i) => `<li><a href="#race-${i + 1}">data race</a>${g.accesses[0]?.access ? ` <span class="muted">at ${esc(where(g.accesses[0].access))}</span>` : ''}</li>`),
    ].join('')}</ol></nav>`);
  }
  if (!r.sourceRoot && (r.crashes.length || r.races.length)) body.push('<p class="muted">Run with <code>--source DIR</code> to see the code lines and the matching <code>maprace check</code> findings.</p>');
  body.push('</section>');
  if (!r.crashes.length && !r.races.length) body.push(`<p class="empty">No Go crash or race report in ${plural(r.lines, 'line')}.</p>`);
  body.push(...r.crashes.map(crashHtml), ...r.races.map(raceHtml));
  return htmlPage({
    title: `maprace triage: ${plural(r.crashes.length, 'crash', 'crashes')}${r.races.length ? `, ${plural(r.races.length, 'data race')}` : ''}`,
    subtitle: `${r.sourceRoot ? `source ${r.sourceRoot} · ` : ''}${plural(r.lines, 'input line')} · maprace ${version}`,
    generator: `maprace ${version}`,
    body: body.join('\n'),
  });
}
