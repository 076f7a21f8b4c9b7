// Types of imported packages: go.mod grammar, locating packages (main module, go.work, replace, vendor, module
// cache), loading declarations, lookups across packages, and the engine with the universe on and off.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../src/analysis/engine.js';
import { type StorageKey, keyOwner, keyString, keyVar } from '../src/analysis/concurrency/storage-key.js';
import { CHECKS } from '../src/checks/registry.js';
import { fileNameMatches } from '../src/go/header.js';
import { loadFiles } from '../src/go/load.js';
import { compareVersions, escapeModulePath, parseGoMod, parseGoWork } from '../src/go/gomod.js';
import { PackageLocator, moduleCacheDir } from '../src/go/locate.js';
import { buildPackage, disposePackage } from '../src/go/package.js';
import { loadGo, parseGo } from '../src/go/parser.js';
import { TypeLookup } from '../src/go/typelookup.js';
import { type GoType, typeString } from '../src/go/types.js';
import { DEFAULT_LIMITS, Universe, declarationSource, universeDisabledByEnv } from '../src/go/universe.js';
import { compare, formatMismatch, readWants } from '../src/testing/analysistest.js';
import { REPO, tempTree } from './paths.js';

await loadGo();

const named = (pkg: string, name: string, args: GoType[] = []): GoType => ({ k: 'named', pkg, name, args });
const str = (ts: GoType[] | undefined) => ts?.map(typeString);

test('go.mod and go.work: blocks, quotes, comments, replace forms; escaping; version order', () => {
  const mod = parseGoMod(`// header
module "example.com/m" // trailing

go 1.26.0

require k8s.io/api v0.37.2
require (
	github.com/BurntSushi/toml v1.4.0 // indirect
	"example.com/quoted" v1.0.0
)
replace example.com/old => ../local
replace (
	example.com/pinned v1.0.0 => example.com/fork v1.2.3
)
`);
  assert.equal(mod.module, 'example.com/m');
  assert.deepEqual([...mod.requires], [['k8s.io/api', 'v0.37.2'], ['github.com/BurntSushi/toml', 'v1.4.0'], ['example.com/quoted', 'v1.0.0']]);
  assert.deepEqual(mod.replaces, [
    { old: 'example.com/old', new: '../local' },
    { old: 'example.com/pinned', oldVersion: 'v1.0.0', new: 'example.com/fork', newVersion: 'v1.2.3' },
  ]);
  assert.deepEqual(parseGoWork('go 1.26\nuse (\n\t./a\n\t"./b"\n)\nuse ./c\nreplace x.io/y => ./y\n'), { uses: ['./a', './b', './c'], replaces: [{ old: 'x.io/y', new: './y' }] });
  assert.equal(escapeModulePath('github.com/BurntSushi/toml'), 'github.com/!burnt!sushi/toml');
  assert.ok(compareVersions('v0.37.2', 'v0.37.10') < 0);
  assert.ok(compareVersions('v1.0.0-rc.1', 'v1.0.0') < 0);
  assert.ok(compareVersions('v2.0.0', 'v1.9.9') > 0);
});

test('locating packages: main module, module cache with case escaping, longest module prefix, replace, vendor, go.work', () => {
  const root = tempTree('universe', {
    'app/go.mod': `module example.com/app

require (
	k8s.io/api v0.37.2
	k8s.io/apimachinery v0.37.2
	github.com/BurntSushi/toml v1.4.0
	example.com/local v1.0.0
	example.com/forked v1.0.0
	example.com/pinned v1.0.0
	example.com/app/nested v0.1.0
)
replace example.com/local => ../local
replace example.com/forked => example.com/Fork v1.1.0-Beta
replace example.com/pinned v0.9.0 => ../never
`,
    'app/internal/store/store.go': 'package store\n',
    'app/nested/x.go': 'package nested\n',
    'local/pkg/p.go': 'package pkg\n',
    'mod/k8s.io/api@v0.37.2/core/v1/types.go': 'package v1\n',
    'mod/k8s.io/apimachinery@v0.37.2/pkg/apis/meta/v1/types.go': 'package v1\n',
    'mod/github.com/!burnt!sushi/toml@v1.4.0/decode.go': 'package toml\n',
    'mod/example.com/!fork@v1.1.0-!beta/sub/s.go': 'package sub\n',
    'mod/example.com/pinned@v1.0.0/p.go': 'package pinned\n',
    'mod/example.com/app/nested@v0.1.0/n.go': 'package nested\n',
  });
  const l = new PackageLocator(path.join(root, 'app'), { GOMODCACHE: path.join(root, 'mod') });
  assert.equal(l.locate('example.com/app/internal/store'), path.join(root, 'app/internal/store'));
  assert.equal(l.locate('k8s.io/api/core/v1'), path.join(root, 'mod/k8s.io/api@v0.37.2/core/v1'), 'module k8s.io/api, not k8s.io/apimachinery');
  assert.equal(l.locate('k8s.io/apimachinery/pkg/apis/meta/v1'), path.join(root, 'mod/k8s.io/apimachinery@v0.37.2/pkg/apis/meta/v1'));
  assert.equal(l.locate('github.com/BurntSushi/toml'), path.join(root, 'mod/github.com/!burnt!sushi/toml@v1.4.0'));
  assert.equal(l.locate('example.com/local/pkg'), path.join(root, 'local/pkg'), 'replace by a directory');
  assert.equal(l.locate('example.com/forked/sub'), path.join(root, 'mod/example.com/!fork@v1.1.0-!beta/sub'), 'replace by another module, escaped');
  assert.equal(l.locate('example.com/pinned'), path.join(root, 'mod/example.com/pinned@v1.0.0'), 'a replace of another version does not apply');
  assert.equal(l.locate('example.com/app/nested'), path.join(root, 'mod/example.com/app/nested@v0.1.0'), 'a required nested module is its own module');
  assert.equal(l.locate('k8s.io/api/apps/v1'), undefined, 'not on disk');
  assert.equal(l.locate('fmt'), undefined, 'standard library: not located');
  assert.equal(l.locate('k8s.io/api/../../../etc'), undefined, 'no climbing out of a module');

  const vendored = tempTree('universe', {
    'go.mod': 'module example.com/v\n\nrequire k8s.io/api v0.37.2\n',
    'vendor/modules.txt': '# k8s.io/api v0.37.2\n## explicit\nk8s.io/api/core/v1\n',
    'vendor/k8s.io/api/core/v1/types.go': 'package v1\n',
    'cache/k8s.io/api@v0.37.2/core/v1/types.go': 'package v1\n',
  });
  const v = new PackageLocator(vendored, { GOMODCACHE: path.join(vendored, 'cache') });
  assert.equal(v.locate('k8s.io/api/core/v1'), path.join(vendored, 'vendor/k8s.io/api/core/v1'));
  const mod = new PackageLocator(vendored, { GOMODCACHE: path.join(vendored, 'cache'), GOFLAGS: '-mod=mod' });
  assert.equal(mod.locate('k8s.io/api/core/v1'), path.join(vendored, 'cache/k8s.io/api@v0.37.2/core/v1'), '-mod=mod ignores vendor/');

  const work = tempTree('universe', {
    'go.work': 'go 1.26\n\nuse (\n\t./a\n\t./b\n)\n',
    'a/go.mod': 'module example.com/a\n\nrequire k8s.io/api v0.36.0\n',
    'b/go.mod': 'module example.com/b\n\nrequire k8s.io/api v0.37.2\n',
    'b/lib/l.go': 'package lib\n',
    'cache/k8s.io/api@v0.37.2/core/v1/t.go': 'package v1\n',
  });
  const w = new PackageLocator(work, { GOMODCACHE: path.join(work, 'cache') });
  assert.equal(w.locate('example.com/b/lib'), path.join(work, 'b/lib'));
  assert.equal(w.locate('k8s.io/api/core/v1'), path.join(work, 'cache/k8s.io/api@v0.37.2/core/v1'), 'the highest required version of the workspace');

  assert.equal(moduleCacheDir({ GOMODCACHE: '/x/mod', GOPATH: '/y' }), path.resolve('/x/mod'));
  assert.equal(moduleCacheDir({ GOPATH: ['/y', '/z'].join(path.delimiter) }), path.resolve('/y/pkg/mod'));
  assert.equal(moduleCacheDir({ HOME: '/home/u' }), path.join('/home/u', 'go', 'pkg', 'mod'));
});

test('file name constraints and MAPRACE_NO_MODCACHE', () => {
  assert.equal(fileNameMatches('stat_windows.go', 'linux', 'amd64'), false);
  assert.equal(fileNameMatches('stat_linux_arm64.go', 'linux', 'amd64'), false);
  assert.equal(fileNameMatches('stat_linux_amd64.go', 'linux', 'amd64'), true);
  assert.equal(fileNameMatches('linux.go', 'linux', 'amd64'), true);
  assert.equal(fileNameMatches('windows.go', 'linux', 'amd64'), true, 'the first element is never a constraint');
  assert.equal(fileNameMatches('sys_unix.go', 'linux', 'amd64'), true, 'unix is a build tag, not a file name constraint');
  assert.equal(universeDisabledByEnv({ MAPRACE_NO_MODCACHE: '1' }), true);
  assert.equal(universeDisabledByEnv({ MAPRACE_NO_MODCACHE: '0' }), false);
  assert.equal(universeDisabledByEnv({}), false);
});

test('declaration source: bodies, literals, constants and comments dropped; types kept; braces in literals ignored', () => {
  const src = `//go:build linux

package p

const (
	A = "(" // )
	B = iota
)

const C = 1

// T is { documented.
type T /* a struct */ struct {
	m map[string]struct{} \`json:"{"\`
}

type I interface{ Get() (*T, error) }

var table = map[string]int{"}": 1, "a": '}'}

func (t *T) Get() (x struct{ a int }, err error) {
	// }
	if true { return }
	/* { */ s := \`}\`
	return
}

func F() interface{ M() } { return nil }
`;
  const out = declarationSource(src);
  assert.match(out, /^\/\/go:build linux\n\npackage p\n/);
  assert.doesNotMatch(out, /const|iota|documented|a struct/);
  assert.match(out, /type T   struct \{\n\tm map\[string\]struct\{\} `json:"\{"`\n\}/);
  assert.match(out, /type I interface\{ Get\(\) \(\*T, error\) \}/);
  assert.match(out, /var table = map\[string\]int\{\}\n/);
  assert.match(out, /func \(t \*T\) Get\(\) \(x struct\{ a int \}, err error\) \{\}\n/);
  assert.match(out, /func F\(\) interface\{ M\(\) \} \{\}\n$/);
  assert.equal(parseGo(out).hasError, false, out);
});

/** A module whose dependencies live in a fake module cache: metadata types embedded across packages. */
function fakeModule(): { root: string; cache: string } {
  const root = tempTree('universe', {
    'app/go.mod': 'module example.com/app\n\nrequire (\n\texample.com/api v1.0.0\n\texample.com/meta v1.0.0\n)\n',
    'app/main.go': 'package main\n',
    'app/store/store.go': `package store

import "sync"

type Store struct {
	sync.RWMutex
	Items map[string]int
}

type Registry struct{ *Store }

func Open() *Store { return nil }
`,
    'mod/example.com/meta@v1.0.0/meta.go': `package meta

type ObjectMeta struct {
	Name   string
	Labels map[string]string
}

func (m *ObjectMeta) GetLabels() map[string]string { return m.Labels }
`,
    'mod/example.com/api@v1.0.0/v1/types.go': `// Code generated by hand. DO NOT EDIT.

package v1

import (
	"example.com/meta"
)

type Pod struct {
	meta.ObjectMeta
	Spec PodSpec
}

type PodSpec struct{ NodeSelector map[string]string }

type PodAlias = Pod

type Set map[string]struct{}

type Names Set

type PodLister interface {
	Pods(namespace string) PodNamespaceLister
	Lister
}

type Lister interface {
	List() (ret []*Pod, err error)
}

type PodNamespaceLister interface {
	Get(name string) (*Pod, error)
}

type Indexer[T any] struct{ items map[string]T }

func (i *Indexer[U]) Get(name string) (U, bool) { var zero U; return zero, false }

type podLister struct{ Indexer[*Pod] }

func NewSet() Set { return Set{} }

var Default = Set{}

var Pods = make(map[string]*Pod)

func (p *Pod) DeepCopy() *Pod {
	out := new(Pod)
	*out = *p
	return out
}
`,
    'mod/example.com/api@v1.0.0/v1/types_windows.go': 'package v1\n\ntype Set []string\n',
    'mod/example.com/api@v1.0.0/v1/aaa_ignored.go': '//go:build ignore\n\npackage main\n\ntype Pod int\n',
    'mod/example.com/api@v1.0.0/v1/types_test.go': 'package v1\n\ntype PodSpec int\n',
    'mod/example.com/api@v1.0.0/v1/broken.go': 'package v1\n\ntype Broken struct{ a int }\n\nfunc (b *Broken)) Oops( {\n',
    'mod/example.com/api@v1.0.0/v1/big.go': `package v1\n\nvar Big = map[string]int{}\n// ${'x'.repeat(2048)}\n`,
  });
  fs.symlinkSync(path.join(root, 'nowhere.go'), path.join(root, 'mod/example.com/api@v1.0.0/v1/dangling.go'));
  return { root, cache: path.join(root, 'mod') };
}

test('universe: declarations of other packages, qualified with their import path; bad files passed over', () => {
  const { root, cache } = fakeModule();
  const u = new Universe({ GOMODCACHE: cache }, { ...DEFAULT_LIMITS, maxFileBytes: 1024 });
  const view = u.forDir(path.join(root, 'app'));
  assert.ok(view);
  const api = view.package('example.com/api/v1');
  assert.ok(api);
  assert.equal(typeString(api.types.get('Set')!), 'map[string]struct{...}', 'types_windows.go is not read');
  assert.deepEqual(api.types.get('Pod'), {
    k: 'struct',
    fields: [
      { name: 'ObjectMeta', type: named('example.com/meta', 'ObjectMeta'), embedded: true },
      { name: 'Spec', type: named('example.com/api/v1', 'PodSpec'), embedded: false },
    ],
  }, 'not the ignored file\'s Pod; local names rewritten to the import path');
  assert.ok(api.aliases.has('PodAlias'));
  assert.deepEqual(api.typeParams.get('Indexer'), ['T']);
  assert.deepEqual(api.methods.get('Indexer.Get')?.recvTypeParams, ['U']);
  assert.equal(api.types.get('PodSpec')?.k, 'struct', 'types_test.go is not read');
  assert.ok(api.types.has('Broken'), 'a broken file still gives what parses');
  assert.equal(api.vars.has('Big'), false, 'files over the size limit are skipped');
  assert.deepEqual(str(api.funcs.get('NewSet')), ['v1.Set']);
  assert.equal(api.vars.get('Pods')?.k, 'map');
  assert.equal(u.stats.packages, 1);
  assert.ok(u.stats.skipped >= 2, 'the big file and the dangling link');
  assert.equal(view.package('example.com/api/v1'), api, 'memoised');
  assert.equal(view.package('example.com/api/v2'), undefined);
  assert.equal(u.forDir(path.join(root, 'mod')), undefined, 'outside a module');

  const small = new Universe({ GOMODCACHE: cache }, { ...DEFAULT_LIMITS, maxPackages: 1 });
  const sv = small.forDir(path.join(root, 'app'))!;
  assert.ok(sv.package('example.com/meta'));
  assert.equal(sv.package('example.com/api/v1'), undefined, 'over the package budget');
});

test('type lookups across packages: embedded fields, aliases, interface method sets, generics, named maps, mutexes', () => {
  const { root, cache } = fakeModule();
  const u = new Universe({ GOMODCACHE: cache });
  const view = u.forDir(path.join(root, 'app'))!;
  assert.equal(view.packageName('example.com/api/v1'), 'v1', 'read from the package clause of a buildable file');
  assert.equal(view.packageName('example.com/nowhere'), undefined);
  // `v1.Pod` with an unnamed import of example.com/api/v1: the guessed qualifier would be `api`.
  const pkgTree = parseGo('package main\n\nimport "example.com/api/v1"\n\ntype Local struct{ v1.Pod }\n\ntype Getter interface{ Get() v1.Set }\n');
  const pkg = buildPackage('app', [{ rel: 'main.go', tree: pkgTree }], undefined, { packageNames: view.packageName });
  try {
    const types = new TypeLookup(pkg, undefined, view);
    const pod = named('example.com/api/v1', 'Pod');
    assert.deepEqual(types.field(pod, 'Labels'), { owner: 'example.com/meta.ObjectMeta', type: { k: 'map', key: named('', 'string'), value: named('', 'string') } });
    assert.deepEqual(types.field(named('example.com/api/v1', 'PodAlias'), 'NodeSelector'), undefined, 'not a field of Pod itself');
    assert.equal(types.field(named('example.com/api/v1', 'PodAlias'), 'Labels')?.owner, 'example.com/meta.ObjectMeta');
    assert.equal(types.field(named('', 'Local'), 'Labels')?.owner, 'example.com/meta.ObjectMeta', 'local struct embedding another package\'s');
    assert.equal(types.field(named('', 'Local'), 'Spec')?.owner, 'example.com/api/v1.Pod');
    assert.deepEqual(str(types.methodResults(named('example.com/api/v1', 'PodLister'), 'Pods')), ['v1.PodNamespaceLister']);
    assert.deepEqual(str(types.methodResults(named('example.com/api/v1', 'PodNamespaceLister'), 'Get')), ['*v1.Pod', 'error']);
    assert.deepEqual(str(types.methodResults(named('example.com/api/v1', 'PodLister'), 'List')), ['[]*v1.Pod', 'error'], 'embedded interface');
    assert.deepEqual(str(types.methodResults({ k: 'ptr', elem: pod }, 'GetLabels')), ['map[string]string'], 'promoted through embedding');
    assert.deepEqual(str(types.methodResults(named('example.com/api/v1', 'PodAlias'), 'DeepCopy')), ['*v1.Pod'], 'an alias has the methods');
    assert.deepEqual(str(types.methodResults(named('', 'Local'), 'GetLabels')), ['map[string]string']);
    assert.deepEqual(str(types.methodResults(named('', 'Getter'), 'Get')), ['v1.Set'], 'local interface');
    assert.deepEqual(str(types.methodResults(named('example.com/api/v1', 'podLister'), 'Get')), ['*v1.Pod', 'bool'], 'generic receiver, type argument substituted');
    assert.equal(typeString(types.fieldType(named('example.com/api/v1', 'Indexer', [named('', 'int')]), 'items')), 'map[string]int');
    assert.equal(types.isMapLike(named('example.com/api/v1', 'Set')), true);
    assert.equal(types.isMapLike(named('example.com/api/v1', 'Names')), true, 'defined from a named map type');
    assert.equal(types.isMapLike(pod), false);
    assert.equal(types.isMapLike(named('k8s.io/apimachinery/pkg/util/sets', 'String')), true, 'library summary without the package on disk');
    assert.deepEqual(str(types.funcResults('example.com/api/v1', 'NewSet')), ['v1.Set']);
    assert.equal(typeString(types.varType('example.com/api/v1', 'Default')!), 'v1.Set');
    assert.deepEqual(types.embeddedMutex(named('example.com/app/store', 'Registry')), { owner: 'example.com/app/store.Store', field: 'RWMutex' }, 'in-module package, through an embedded pointer');

    const off = new TypeLookup(pkg);
    assert.equal(off.field(pod, 'Labels'), undefined, 'without the universe other packages stay opaque');
    assert.equal(off.isMapLike(named('example.com/api/v1', 'Set')), false);
    assert.equal(off.isMapLike(named('k8s.io/apimachinery/pkg/util/sets', 'String')), true);
  } finally {
    disposePackage(pkg);
  }
});

test('storage keys: one string form; owners with import paths, rooted keys, local roots', () => {
  const rooted: StorageKey = { k: 'rooted', root: { k: 'local', uid: 'v12' }, owner: 'k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta', field: 'Labels' };
  assert.equal(keyString(rooted), 'local:v12>k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta.Labels');
  assert.equal(keyVar({ k: 'elem', of: rooted }), 'v12');
  assert.equal(keyVar({ k: 'elem', of: { k: 'local', uid: 'v3' } }), 'v3');
  assert.equal(keyVar({ k: 'slot', uid: 'v4', of: { k: 'field', owner: 'T', field: 'slots' } }), 'v4', 'a slot belongs to its index');
  assert.equal(keyString({ k: 'slot', uid: 'v4', of: { k: 'field', owner: 'T', field: 'slots' } }), 'local:v4@field:T.slots[]');
  assert.equal(keyVar({ k: 'field', owner: 'T', field: 'm' }), undefined);
  const podLabels: StorageKey = { k: 'field', owner: 'k8s.io/api/core/v1.Pod', field: 'Labels' };
  assert.equal(keyString({ k: 'elem', of: { k: 'elem', of: podLabels } }), 'field:k8s.io/api/core/v1.Pod.Labels[][]');
  assert.equal(keyOwner({ k: 'elem', of: { k: 'elem', of: podLabels } }), 'k8s.io/api/core/v1.Pod');
  assert.equal(keyOwner({ k: 'field', owner: 'Cache', field: 'm' }), 'Cache');
  assert.equal(keyOwner({ k: 'rooted', root: { k: 'field', owner: 'Ctl', field: 'pod' }, owner: 'k8s.io/api/core/v1.Pod', field: 'Labels' }), 'Ctl', 'the root owns it');
  assert.equal(keyOwner({ k: 'global', pkg: 'p', name: 'm' }), undefined);
});

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'universe');
const K8S_IN_CACHE = fs.existsSync(path.join(moduleCacheDir(process.env), 'k8s.io', 'api@v0.37.2', 'core', 'v1'));

test('engine: races on Kubernetes objects need the universe, races on another package of the module do not', async (t) => {
  const loaded = await loadFiles(['./...'], { cwd: FIXTURE });
  const run = (dependencyTypes: boolean) => analyze({ root: FIXTURE, modules: loaded.modules, files: loaded.files, checks: CHECKS.map((c) => c.code), jobs: 1, dependencyTypes });
  const on = await run(true);
  assert.deepEqual(on.errors, []);
  let wants = await readWants(FIXTURE, loaded.files);
  if (!K8S_IN_CACHE) {
    // CI fills the module cache first (scripts/vet-fixtures.sh); without it only the same-module part can run.
    if (process.env.CI) assert.fail('k8s.io/api@v0.37.2 is not in the module cache: run scripts/vet-fixtures.sh first');
    t.diagnostic('k8s.io modules not in the module cache: checking users/ only');
    wants = wants.filter((w) => w.file.startsWith('users/'));
  }
  const mismatch = compare(on.diagnostics, wants);
  assert.ok(mismatch.unexpected.length === 0 && mismatch.unmatched.length === 0, `\n${formatMismatch(mismatch)}`);
  assert.ok(on.diagnostics.length >= 3);
  // Without the module cache, the module's own packages (users/ uses cache/) are still read, with their bodies;
  // the Kubernetes types (pods/) stay opaque: no map, no race.
  const off = await run(false);
  const own = wants.filter((w) => w.file.startsWith('users/')).map((w) => `${w.file}:${w.line}`);
  assert.deepEqual(off.diagnostics.map((d) => `${d.range.file}:${d.range.start.line}`), own, 'only the same-module races without the module cache');
});

test('engine: real module cache types (k8s.io/api, apimachinery, client-go) through the fixture module', { skip: !K8S_IN_CACHE && !process.env.CI && 'k8s.io modules not in the module cache' }, () => {
  const u = new Universe(process.env);
  const pkg = buildPackage('pods', []);
  const types = new TypeLookup(pkg, undefined, u.forDir(path.join(FIXTURE, 'pods')));
  const pod = named('k8s.io/api/core/v1', 'Pod');
  assert.deepEqual(types.field(pod, 'Labels'), { owner: 'k8s.io/apimachinery/pkg/apis/meta/v1.ObjectMeta', type: { k: 'map', key: named('', 'string'), value: named('', 'string') } });
  assert.equal(typeString(types.fieldType(named('k8s.io/api/core/v1', 'ConfigMap'), 'Data')), 'map[string]string');
  const nsLister = types.methodResults(named('k8s.io/client-go/listers/core/v1', 'PodLister'), 'Pods');
  assert.deepEqual(str(nsLister), ['v1.PodNamespaceLister']);
  assert.deepEqual(types.methodResults(nsLister![0]!, 'Get'), [{ k: 'ptr', elem: pod }, named('', 'error')]);
  assert.equal(types.isMapLike(named('k8s.io/apimachinery/pkg/labels', 'Set')), true, 'labels.Set is a map[string]string');
  assert.equal(types.isMapLike(named('k8s.io/apimachinery/pkg/util/sets', 'Set', [named('', 'string')])), true);
  assert.ok(u.stats.packages >= 3 && u.stats.packages <= 8, `${u.stats.packages} packages loaded`);
});
