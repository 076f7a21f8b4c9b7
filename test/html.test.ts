// The HTML reports in a real headless Chromium (Debian's /usr/bin/chromium through playwright-core; no browser
// is downloaded): what a user sees and can do, that the page makes no request, and that markup and script from
// source files and logs stay text, whatever they contain.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import type { AnalyzeResult } from '../src/analysis/api.js';
import { CHECKS } from '../src/checks/registry.js';
import type { Diagnostic } from '../src/model.js';
import { htmlReporter } from '../src/report/html.js';
import { esc } from '../src/report/html-page.js';
import { CLI, REPO } from './paths.js';

const EXAMPLE = path.join(REPO, 'examples', 'tenant-operator');
const CHROMIUM = process.env.MAPRACE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PAYLOAD = '</script><script>window.__pwned=1</script><img src=x onerror=alert(1)>';

// Browser globals, for the callbacks that page.evaluate runs in the page (the tests compile without the DOM lib).
interface PageElement { textContent: string | null; value: string; open: boolean; form: { requestSubmit(): void } | null }
declare const document: { getElementById(id: string): PageElement; activeElement: { id: string } | null; body: unknown };
declare const window: { __pwned?: number };
declare const location: { hash: string };
declare function getComputedStyle(e: unknown): { backgroundColor: string };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'maprace-html-'));
const contexts: BrowserContext[] = [];

async function browser(javaScriptEnabled = true): Promise<BrowserContext> {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} not found: apt-get install -y chromium (.ci/run does this)`);
  const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(tmp, 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    javaScriptEnabled,
    viewport: { width: 1280, height: 900 },
  });
  contexts.push(ctx);
  return ctx;
}

let ctx: BrowserContext;
before(async () => {
  ctx = await browser();
});
after(async () => {
  for (const c of contexts) await c.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

/** Opens a file:// page and records every request, dialog, console error and page error. */
async function open(file: string, context = ctx): Promise<Opened> {
  const page = await context.newPage();
  const o: Opened = { page, requests: [], dialogs: [], errors: [] };
  page.on('request', (r) => o.requests.push(r.url()));
  page.on('dialog', (d) => {
    o.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') o.errors.push(m.text());
  });
  page.on('pageerror', (e) => o.errors.push(e.message));
  await page.goto(pathToFileURL(file).href);
  return o;
}

/** Nothing but the page itself (and data: URLs) was requested, and nothing went wrong on the page. */
function assertQuiet(o: Opened): void {
  assert.ok(o.requests.length >= 1);
  for (const url of o.requests) assert.match(url, /^(file|data):/, `unexpected request ${url}`);
  assert.deepEqual(o.dialogs, []);
  assert.deepEqual(o.errors, []);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = path.join(tmp, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const png = fs.readFileSync(file);
  assert.ok(png.length > 10_000, `${name}.png is only ${png.length} bytes`);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (process.env.MAPRACE_SCREENSHOTS) fs.copyFileSync(file, path.join(process.env.MAPRACE_SCREENSHOTS, `${name}.png`));
}

/** Paths in reports are relative to `cwd`: the example's findings are checked from inside the example. */
function cli(args: string[], cwd = REPO): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** Runs the CLI with `--format html -o FILE` on an input with findings and returns FILE. */
function render(name: string, args: string[], cwd = REPO): string {
  const file = path.join(tmp, `${name}.html`);
  const r = cli([...args.slice(0, 1), '--format', 'html', '-o', file, ...args.slice(1)], cwd);
  assert.equal(r.status, 1, r.stderr);
  return file;
}

/** Waits for the filter status line (the page's CSP forbids the eval that page.waitForFunction needs). */
const waitShown = (page: Page, text: string) => page.locator('#shown', { hasText: new RegExp(`^${text}$`) }).waitFor({ timeout: 5000 });

const visibleFindings = (page: Page) => page.locator('article.finding:visible').count();

test('escaping: the five HTML characters, control and bidi characters', () => {
  assert.equal(esc(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  assert.equal(esc('a\u202eb\u0000c\td\ne'), 'a?b?c\td\ne');
});

test('check: counts, findings with the two sides of the race (roots, call paths, accesses with their code), lock state, why, fix', async () => {
  const file = render('check', ['check', './...'], EXAMPLE);
  const o = await open(file);
  const { page } = o;
  assert.equal(await page.title(), 'maprace check: 5 findings');
  const tiles = await page.locator('dl.tiles > div').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.querySelector('dt')!.textContent, e.querySelector('dd')!.textContent])));
  assert.equal(tiles.findings, '5');
  assert.equal(tiles['files with findings'], '2');
  assert.equal(tiles['lines analysed'], '172');
  const byCheck = await page.locator('table:has(caption:text("By check")) tbody tr').allInnerTexts();
  assert.deepEqual(byCheck.map((r) => r.split('\t').map((c) => c.trim())).map(([c, , sev, n]) => `${c} ${sev} ${n}`), ['MR1001 goroutine-captured-map error 1', 'MR1002 unlocked-field-map error 3', 'MR1005 iteration-during-write error 1']);
  const byPkg = await page.locator('table:has(caption:text("By package")) tbody tr').allInnerTexts();
  assert.deepEqual(byPkg.map((r) => r.replace(/\s+/g, ' ').trim()), ['replicate 1', 'vip 4']);
  assert.equal(await visibleFindings(page), 5);
  assert.equal(await page.locator('#check-MR1002 > h2 .count').innerText(), '3');

  // The MR1001 finding: message, the access with its code marked, the spawn site, the lock state, the fix.
  const f1 = page.locator('article.finding[data-check="MR1001"]');
  assert.match(await f1.locator('.msg').innerText(), /^write of map processed races with write in another goroutine started at replicate\/replicate\.go:43 \(no lock held\)$/);
  assert.equal(await f1.locator('h4.loc').innerText(), 'replicate/replicate.go:50:4');
  assert.deepEqual(await f1.locator('header .chip').allInnerTexts(), ['error', 'MR1001 goroutine-captured-map']);
  assert.equal(await f1.locator('[aria-label="this access"] mark').innerText(), 'processed.Insert');
  assert.match(await f1.locator('[aria-label="this access"] .row.hl').innerText(), /50\s+processed\.Insert\(o\.Name\)/);
  assert.match(await f1.locator('[aria-label="this access"]').innerText(), /lock state: no lock held/);
  assert.match(await f1.locator('[aria-label="this access"] .root').innerText(), /^goroutine\s+goroutine started at replicate\/replicate\.go:43 \(several at once: started in a loop/);
  assert.match(await f1.locator('[aria-label="other access"]').innerText(), /the same code, run by another instance at the same time/);
  assert.match(await f1.locator('.why').innerText(), /^why nothing orders them: two instances of the goroutine started at replicate\/replicate\.go:43 run at once/);
  assert.match(await f1.locator('.fix').innerText(), /^fix: collect per goroutine into a slice indexed by the loop and merge into processed after Wait/);

  // An MR1002 finding: its other accesses side by side with it, two goroutines and the call path.
  const f2 = page.locator('article.finding', { has: page.locator('h4.loc', { hasText: 'vip/manager.go:44:11' }) });
  assert.equal(await f2.locator('[aria-label="this access"] mark').innerText(), 'm.services');
  const other = await f2.locator('[aria-label="other access"]').innerText();
  assert.match(other, /^OTHER ACCESS\s+goroutine\s+goroutine started at vip\/manager\.go:36/i);
  assert.match(other, /vip\/manager\.go:36:6 calls \(\*Manager\)\.handle\s+vip\/manager\.go:47:3 write of map m\.services \(no lock held\)[\s\S]*47\s+m\.services\[ev\.Name\] = ev\.VIP/);
  const boxes = await f2.locator('.pair > .pane').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
  assert.equal(boxes.length, 2);
  assert.ok(boxes[0]!.top === boxes[1]!.top && boxes[0]!.right <= boxes[1]!.left, 'the two sides are side by side');
  assert.match(await f2.locator('[aria-label="this access"] ol.path li').first().innerText(), /^vip\/manager\.go:36:6 calls \(\*Manager\)\.handle$/);
  // The third access of the map, which races with this one too, is listed under the witness.
  assert.match(await f2.locator('section:has(h5:text("also"))').innerText(), /vip\/manager\.go:61:27 iteration of map m\.services \(no lock held\)\s+61\s+for name, vip := range m\.services \{/);
  await screenshot(page, 'check');
  assertQuiet(o);
  await page.close();
});

test('check: filter by check and package, free-text search, keyboard', async () => {
  const o = await open(render('check-filter', ['check', './...'], EXAMPLE));
  const { page } = o;
  const shown = page.locator('#shown');
  assert.equal(await shown.innerText(), 'showing all 5 findings');

  await page.selectOption('#fcheck', 'MR1001');
  assert.equal(await visibleFindings(page), 1);
  assert.equal(await shown.innerText(), 'showing 1 of 5 findings');
  assert.equal(await page.locator('#check-MR1002').isVisible(), false);
  await page.selectOption('#fcheck', '');
  await page.selectOption('#fpkg', 'vip');
  assert.equal(await visibleFindings(page), 4);
  assert.equal(await page.locator('#check-MR1002 > h2 .count').innerText(), '3');
  assert.equal(await page.locator('#check-MR1001').isVisible(), false);
  await page.selectOption('#fpkg', '');

  // Typing hides the findings whose text does not contain every word; counts follow.
  await page.locator('#q').fill('m.endpoints');
  await waitShown(page, 'showing 1 of 5 findings');
  assert.equal(await visibleFindings(page), 1);
  assert.match(await page.locator('article.finding:visible .msg').innerText(), /^write of map m\.endpoints races with read/);
  assert.equal(await page.locator('#check-MR1002 > h2 .count').innerText(), '1 of 3');
  await page.locator('#q').fill('m.services ITERATION');
  await waitShown(page, 'showing 3 of 5 findings');
  await page.locator('#q').fill('no such text anywhere');
  await waitShown(page, 'showing 0 of 5 findings');
  assert.equal(await page.locator('section.check-group:visible').count(), 0);

  // Keyboard: `/` focuses the search, Escape clears it, Tab reaches the check filter, arrows change it.
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  await page.keyboard.press('Escape');
  await waitShown(page, 'showing all 5 findings');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'fcheck');
  await page.keyboard.press('ArrowDown');
  await waitShown(page, 'showing 1 of 5 findings');
  assert.equal(await page.locator('#fcheck').inputValue(), 'MR1001');
  assertQuiet(o);
  await page.close();
});

test('check: without JavaScript every finding is visible and the inert filters are hidden; dark scheme', async () => {
  const file = render('check-nojs', ['check', './...'], EXAMPLE);
  const o = await open(file, await browser(false));
  assert.equal(await visibleFindings(o.page), 5);
  assert.equal(await o.page.locator('#filters').isVisible(), false);
  assertQuiet(o);
  const lit = await open(file);
  await lit.page.emulateMedia({ colorScheme: 'light' });
  const light = await lit.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await lit.page.emulateMedia({ colorScheme: 'dark' });
  const dark = await lit.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(light, 'rgb(255, 255, 255)');
  assert.equal(dark, 'rgb(13, 17, 23)');
  await screenshot(lit.page, 'check-dark');
  await lit.page.close();
  await o.page.close();
});

test('triage: culprit, other party with its certainty, the matching check finding, collapsible groups', async () => {
  const o = await open(render('triage', ['triage', '--source', 'test/triage/programs', 'test/triage/dumps/writes-local-system.txt']));
  const { page } = o;
  assert.equal(await page.title(), 'maprace triage: 1 crash');
  assert.equal(await page.locator('#crash-1-h').innerText(), 'fatal error: concurrent map writes');
  const culprit = await page.locator('#crash-1 .culprit').innerText();
  assert.match(culprit, /goroutine 18 running wrote the map 0x2babdc104000/);
  assert.match(culprit, /at main\.register writes\/main\.go:9/);
  assert.match(culprit, /9\s+registry\[i%64\] = i/);
  assert.match(culprit, /created by main\.main writes\/main\.go:23/);
  const other = await page.locator('#crash-1 .other-party').innerText();
  assert.match(other, /^OTHER PARTY\s+SAME MAP POINTER/i);
  assert.match(other, /goroutine 17 runnable writing the map 0x2babdc104000/);
  assert.match(other, /inside runtime\.mapassign_fast64 on the same map 0x2babdc104000/);

  // The crash links to the check finding at its code, which is rendered with its code and fix.
  const link = page.locator('#crash-1 .finding-links a[href="#crash-1-finding-1"]');
  assert.equal(await link.innerText(), 'MR1003 global-map-write at writes/main.go:9');
  await link.click();
  assert.equal(await page.evaluate(() => location.hash), '#crash-1-finding-1');
  const finding = page.locator('#crash-1-finding-1');
  assert.match(await finding.locator('.msg').innerText(), /^write of map registry races with write in another goroutine/);
  assert.equal(await finding.locator('mark').first().innerText(), 'registry[i%64]');
  assert.match(await finding.locator('.fix').innerText(), /guard registry with a package-level sync\.Mutex/);

  // Groups are closed; clicking one opens it and shows its stack; "expand all" opens every one.
  const groups = page.locator('#crash-1-groups details.group');
  assert.equal(await groups.count(), 6);
  assert.equal(await page.locator('#crash-1-groups details.group[open]').count(), 0);
  const first = groups.first();
  assert.equal(await first.locator('ol.stack').isVisible(), false);
  await first.locator('summary').click();
  assert.equal(await first.evaluate((d) => (d as unknown as PageElement).open), true);
  assert.match(await first.locator('ol.stack').innerText(), /main\.register\s+\/work\/main\/test\/triage\/programs\/writes\/main\.go:9/);
  await page.locator('#crash-1-groups button[data-expand="open"]').click();
  assert.equal(await page.locator('#crash-1-groups details.group[open]').count(), 6);
  await page.locator('#crash-1-groups button[data-expand="close"]').click();
  assert.equal(await page.locator('#crash-1-groups details.group[open]').count(), 0);
  await screenshot(page, 'triage');
  assertQuiet(o);
  await page.close();
});

test('triage: race report groups and a storm of 10,000 goroutines', async () => {
  const o = await open(render('triage-race', ['triage', '--source', 'test/triage/programs', 'test/triage/dumps/racetest-local-test.txt', 'test/triage/dumps/race-local-all.txt']));
  const races = o.page.locator('section.race');
  assert.ok(await races.count() >= 2);
  const race = o.page.locator('section.race', { hasText: 'race/main.go:16' }).first();
  assert.equal(await race.locator('h2').innerText(), 'data race: read by goroutine 8 vs previous write by goroutine 7');
  assert.equal(await race.locator('.pair > .pane').count(), 2);
  assert.match(await race.locator('.pair > .pane').first().innerText(), /at main\.main\.func1 race\/main\.go:16/);
  assertQuiet(o);

  const gz = path.join(REPO, 'test', 'triage', 'dumps', 'storm-local-all.txt.gz');
  const storm = path.join(tmp, 'storm.txt');
  fs.writeFileSync(storm, (await import('node:zlib')).gunzipSync(fs.readFileSync(gz)));
  const s = await open(render('triage-storm', ['triage', storm]));
  assert.match(await s.page.locator('#crash-1-groups details.group summary').first().innerText(), /^9999 × chan receive goroutines \d+, \d+, \d+, \d+, \d+, …/);
  assertQuiet(s);
  await o.page.close();
  await s.page.close();
});

test('hostile check report: markup and script in a Go source line are shown as text and never run', async () => {
  const file = render('hostile-check', ['check', './test/html/hostile/...']);
  const html = fs.readFileSync(file, 'utf8');
  assert.equal(html.match(/<script/g)!.length, 1, 'one script element');
  assert.ok(!html.includes(PAYLOAD));
  const o = await open(file);
  const { page } = o;
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('main script, main b').count(), 0);
  assert.equal(await visibleFindings(page), 1);
  const code = await page.locator('[aria-label="this access"] .row.hl').innerText();
  assert.ok(code.includes(`seen["${PAYLOAD}"]++ // <b>'quoted' & "double"</b>`), code);
  assert.equal(await page.locator('[aria-label="this access"] mark').innerText(), `seen["${PAYLOAD}"]`);
  // The search still works on such text.
  await page.locator('#q').fill('no such text');
  await waitShown(page, 'showing 0 of 1 finding');
  await page.locator('#q').fill('onerror=alert(1)');
  await waitShown(page, 'showing all 1 finding');
  assertQuiet(o);
  await page.close();
});

test('hostile crash log: markup in function names, paths and panic messages is shown as text and never runs', async () => {
  const file = render('hostile-triage', ['triage', '--source', 'test/html', 'test/html/hostile-crash.txt']);
  const o = await open(file);
  const { page } = o;
  await page.locator('#crash-1-groups button[data-expand="open"]').click();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('script').count(), 1);
  assert.equal(await page.locator('#crash-2-h').innerText(), 'panic: </script><script>window.__pwned=4</script><img src=x onerror=alert(4)>');
  const text = await page.locator('main').innerText();
  assert.ok(text.includes('main.</script><script>window.__pwned=3</script><img/src=x/onerror=alert(3)> /build/<img src=x onerror=alert(2)>/hostile/main.go:23'));
  assert.ok(text.includes('at main.</script><script>window.__pwned=6</script> hostile/main.go:14'));
  assert.ok(text.includes(`seen["${PAYLOAD}"]++`));
  // The culprit's code is the hostile line, and the matching finding is linked.
  assert.match(await page.locator('#crash-1 .culprit').innerText(), /at main\.record hostile\/main\.go:14/);
  assert.equal(await page.locator('#crash-1 .finding-links a[href="#crash-1-finding-1"]').innerText(), 'MR1003 global-map-write at main.go:14');
  await screenshot(page, 'hostile-triage');
  assertQuiet(o);
  await page.close();
});

test('the Content-Security-Policy stops script that an escaping bug would let through, and allows the report\'s own', async () => {
  const clean = fs.readFileSync(render('csp', ['check', './...'], EXAMPLE), 'utf8');
  const injected = path.join(tmp, 'csp-injected.html');
  fs.writeFileSync(injected, clean.replace('<main>', `<main><script>window.__pwned=1</script><img src="data:," onerror="alert(1)"><p onclick="window.__pwned=2" id="click">x</p>`));
  const o = await open(injected);
  const { page } = o;
  await page.locator('#click').click();
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(o.dialogs, []);
  assert.ok(o.errors.some((e) => /Content Security Policy/.test(e)), o.errors.join('\n'));
  // The report's own script still runs: the filters are shown and work.
  await page.selectOption('#fcheck', 'MR1001');
  assert.equal(await visibleFindings(page), 1);
  await page.close();
});

test('thousands of findings: rendered, opened and filtered', async () => {
  const root = fs.mkdtempSync(path.join(tmp, 'big-'));
  const diagnostics: Diagnostic[] = [];
  for (let p = 0; p < 40; p++) {
    fs.mkdirSync(path.join(root, `pkg${p}`));
    fs.writeFileSync(path.join(root, `pkg${p}`, 'm.go'), `package pkg${p}\n\n${Array.from({ length: 100 }, (_, i) => `func f${i}() { m${i}[k] = v }`).join('\n')}\n`);
    for (let i = 0; i < 100; i++) {
      const line = i + 3;
      const range = (l: number) => ({ file: `pkg${p}/m.go`, start: { line: l, column: 15 }, end: { line: l, column: 21 } });
      diagnostics.push({
        check: i % 3 ? 'MR1002' : 'MR1001', name: i % 3 ? 'unlocked-field-map' : 'goroutine-captured-map', severity: 'error',
        message: `write of map pkg${p}.m${i} races with read at pkg${p}/m.go:${line === 102 ? 3 : line + 1} (no lock held)`,
        range: range(line),
        related: [{ kind: 'access', range: range(line === 102 ? 3 : line + 1), message: `read of map pkg${p}.m${i} (no lock held)` }, { kind: 'goroutine', range: range(3), message: 'goroutine started here' }],
        suggestion: `guard m${i} with a sync.Mutex`, fixes: [], fingerprint: { function: `f${i}`, map: `m${i}`, kinds: 'read+write' },
      });
    }
  }
  const result: AnalyzeResult = { diagnostics, stats: { files: 40, lines: 4080, bytes: 0, skipped: 0 }, errors: [] };
  // Speed is measured by benchmarks, not asserted here: this checks that 4,000 findings render, open and filter.
  const html = htmlReporter.render(result, { root, color: false, version: '0', checks: CHECKS });
  const file = path.join(tmp, 'big.html');
  fs.writeFileSync(file, html);
  const o = await open(file);
  const { page } = o;
  assert.equal(await page.locator('#shown').innerText(), 'showing all 4000 findings');
  const search = (text: string) => page.evaluate((value) => {
    const q = document.getElementById('q') as unknown as { value: string; form: { requestSubmit(): void } | null };
    q.value = value;
    q.form!.requestSubmit();
  }, text);
  await search('PKG7.m42 races');
  assert.equal(await page.locator('#shown').innerText(), 'showing 1 of 4000 findings');
  assert.equal(await visibleFindings(page), 1);
  await search('pkg8.m1');
  assert.equal(await page.locator('#shown').innerText(), 'showing 11 of 4000 findings');
  assertQuiet(o);
  await page.close();
});

test('CLI: --format html writes to stdout too, for check and triage', () => {
  const check = cli(['check', '--format', 'html', './...'], EXAMPLE);
  assert.equal(check.status, 1, check.stderr);
  assert.match(check.stdout, /^<!doctype html>/);
  const triage = cli(['triage', '--format', 'html', 'test/triage/dumps/writes-local-all.txt']);
  assert.equal(triage.status, 1, triage.stderr);
  assert.match(triage.stdout, /<title>maprace triage: 1 crash<\/title>/);
  assert.match(triage.stdout, /Run with <code>--source DIR<\/code>/);
});
