import { type Finding, defineCheck } from '../../analysis/analyzer.js';
import { type SharedWrite, concurrency } from '../../analysis/concurrency/index.js';
import { type Race, races, reportRaces } from '../../analysis/races/index.js';


export const MR1004 = defineCheck({
  meta: {
    code: 'MR1004',
    name: 'shared-object-map',
    title: 'a map of an object shared with other goroutines is written without copying it first',
    since: '0.2.0',
    defaultEnabled: true,
    defaultSeverity: 'error',
    doc: `A map inside an object that other goroutines read is written in place:
- an object from the informer cache — a lister's \`Get\`/\`List\`, an indexer's \`GetByKey\`/\`List\`/\`ByIndex\`, or
  the argument of an informer event handler or a controller-runtime event handler or predicate — gets a label, an
  annotation, a \`Data\` key or an \`Unstructured.Object\` key written, directly, through \`GetLabels()\`/
  \`GetAnnotations()\`, or in a helper it is passed to, without a \`DeepCopy()\` first;
- a map reference copied out of a struct that goroutines share (\`obj.Annotations = tenant.Spec.Annotations\`) gets
  keys added through the copy, while other goroutines do the same or read it.

### Why it is bad
The informer cache hands the same object to every reader: event handlers, workers, other controllers of the same
manager. The Kubernetes controller guide names "mutating a map, like Annotations, of a cached object" as the most
common mistake; at best other readers see changes that were never written to the API server, at worst two
goroutines write the map at once and the process dies with \`fatal error: concurrent map writes\`. One operator
crashed because a mutate function copied the pointer to the tenant spec's annotations map into every object it
generated and then added keys to it, while the reconciles of other namespaces read the same map. client-go's cache
mutation detector can only say at run time, at great cost, *that* a cached object changed — not who changed it.

### Bad
\`\`\`go
pod, err := c.podLister.Pods(ns).Get(name)
if err != nil {
	return err
}
pod.Labels["example.com/synced"] = "true" // writes the cache's object
_, err = c.client.CoreV1().Pods(ns).Update(ctx, pod, metav1.UpdateOptions{})
\`\`\`

\`\`\`go
dep, err := c.deploymentLister.Deployments(ns).Get(name)
if errors.IsNotFound(err) {
	dep = newDeployment(foo) // only on this path is dep the controller's own
}
dep.Labels["example.com/owner"] = foo.Name // the cache's object when it was found
\`\`\`

\`\`\`go
obj.Annotations = tenant.Spec.Annotations // the tenant's own map
obj.Annotations["example.com/namespace"] = ns
\`\`\`

### Good
\`\`\`go
pod = pod.DeepCopy()
pod.Labels["example.com/synced"] = "true"
\`\`\`

\`\`\`go
obj.Annotations = maps.Clone(tenant.Spec.Annotations)
obj.Annotations["example.com/namespace"] = ns
\`\`\`

### What it cannot see
Objects read through controller-runtime's cache with \`UnsafeDisableDeepCopy\`, caches of the program's own, and
helpers in other packages that write an object they are given.`,
  },
  requires: [races, concurrency],
  run(pass) {
    // Writes through a map reference copied out of a shared object, paired as races, and writes into maps of
    // objects of the informer cache, which every reader of the cache shares.
    reportRaces(pass, 'copied-reference', suggest);
    for (const w of pass.resultOf(concurrency).sharedWrites.values()) pass.report(sharedWriteFinding(w));
  },
});

function suggest(race: Race): string {
  const s = race.access.storage;
  return `copy the map before changing it: ${s.via} = maps.Clone(${s.expr}) (or DeepCopy the object it belongs to), so the shared object keeps its own map`;
}

/** The finding for a write into a map of an object from the informer cache. */
function sharedWriteFinding(w: SharedWrite): Finding {
  const base = w.map.replace(/\.(Get\w+\(\)|\w+)$/, '') || w.map;
  return {
    message: `write of map ${w.map} of an object shared with the informer cache (${w.source.what}): every reader of the cache sees the change, and may be reading the map at the same time`,
    range: w.range,
    related: [{ range: w.source.at, message: 'the object comes from the informer cache here' }, ...w.path.slice(0, 6).map((p) => ({ ...p, kind: 'call' as const }))],
    suggestion: `copy the object before changing it (${base} = ${base}.DeepCopy(), or maps.Clone the map) and write the copy back with Update or Patch`,
    fixes: [],
    fingerprint: { function: w.func, map: w.map, kinds: 'write' },
  };
}
