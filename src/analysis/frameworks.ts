// Concurrency that frameworks create without a `go` in user code, as data: Kubernetes controllers
// (controller-runtime reconcilers, client-go informer handlers and workers, leader election, manager
// runnables, admission webhooks), Prometheus collectors and gRPC services. The walker asks these tables which
// methods are roots, which composite literals and calls register callbacks that run on other goroutines, and
// which library calls run a callback on the caller's goroutine.
import type { FuncDecl, Package } from '../go/package.js';
import { type GoType, deref } from '../go/types.js';

const CR = 'sigs.k8s.io/controller-runtime';
const WAIT = 'k8s.io/apimachinery/pkg/util/wait';
const CLIENT_GO_CACHE = 'k8s.io/client-go/tools/cache';

/** A method the framework calls: how many instances of it run at once, and how to say so. */
export interface MethodRoot {
  multi: boolean;
  label: string;
  /** For messages about a race of the method with itself: "in another request", "in a concurrent scrape". */
  instances: string;
}

function named(t: GoType | undefined, pkgPrefix: string, name: string): boolean {
  const d = t ? deref(t) : undefined;
  return d?.k === 'named' && d.name === name && (d.pkg === pkgPrefix || d.pkg.startsWith(`${pkgPrefix}/`));
}

/**
 * Methods that a framework runs on its own goroutines, recognised by their signature: webhooks' `Handle`
 * (once per request), Prometheus `Collect` (once per scrape) and gRPC service methods (once per call).
 * Reconcilers depend on their registration and are handled by `reconcileMethod`.
 */
export function methodRoot(fn: FuncDecl, pkg: Package): MethodRoot | undefined {
  if (!fn.recvType) return undefined;
  const p = fn.params;
  if (fn.name === 'Handle' && p.length === 2 && named(p[1]?.type, `${CR}/pkg/webhook/admission`, 'Request')) {
    return { multi: true, label: `admission webhook ${fn.display} (once per request)`, instances: 'in another request' };
  }
  if (fn.name === 'Collect' && p.length === 1) {
    const t = p[0]!.type;
    if (t.k === 'chan' && named(t.elem, 'github.com/prometheus/client_golang/prometheus', 'Metric')) {
      return { multi: true, label: `Prometheus collector ${fn.display} (once per scrape)`, instances: 'in a concurrent scrape' };
    }
  }
  if (fn.exported && p.length >= 1 && named(p[0]!.type, 'context', 'Context') && isGrpcServer(fn.recvType, pkg)) {
    return { multi: true, label: `gRPC method ${fn.display} (once per call)`, instances: 'in another RPC' };
  }
  return undefined;
}

/** A struct that embeds a generated `UnimplementedXServer` is a gRPC service implementation. */
function isGrpcServer(typeName: string, pkg: Package): boolean {
  const st = pkg.types.get(typeName);
  if (st?.k !== 'struct') return false;
  return st.fields.some((f) => {
    const t = deref(f.type);
    return f.embedded && t.k === 'named' && /^Unimplemented\w*Server$/.test(t.name);
  });
}

/** `Reconcile(ctx, req ctrl.Request)` of a controller-runtime reconciler. */
export function isReconcile(fn: FuncDecl): boolean {
  const p = fn.params;
  return !!fn.recvType && fn.name === 'Reconcile' && p.length === 2 && named(p[1]?.type, CR, 'Request');
}

/**
 * Methods called before a value is shared: a framework's set-up calls, made once before it starts the concurrent
 * parts, and decoders (`json.Unmarshal` and its kin fill a value the decoding caller still owns).
 */
const SETUP_METHODS = new Set(['SetupWithManager', 'SetupWebhookWithManager', 'UnmarshalJSON', 'UnmarshalYAML', 'UnmarshalText', 'UnmarshalBinary', 'GobDecode']);
export function isSetupMethod(fn: FuncDecl): boolean {
  return SETUP_METHODS.has(fn.name);
}

/** Composite literals whose func-valued fields are callbacks run on another goroutine. */
export interface CallbackLiteral {
  /** Fields holding the callbacks. */
  fields: string[];
  /** All callbacks of one literal run on one goroutine, one at a time (an informer's handler). */
  sequential: boolean;
  /** The callbacks are called with objects of the informer cache, shared with every other reader. */
  cacheObjects: boolean;
  label: string;
}

const CALLBACK_LITERALS: { pkg: string; names: string[]; literal: CallbackLiteral }[] = [
  {
    pkg: CLIENT_GO_CACHE,
    names: ['ResourceEventHandlerFuncs', 'ResourceEventHandlerDetailedFuncs', 'FilteringResourceEventHandler'],
    literal: { fields: ['AddFunc', 'UpdateFunc', 'DeleteFunc', 'FilterFunc'], sequential: true, cacheObjects: true, label: 'informer event handler registered here' },
  },
  {
    pkg: `${CR}/pkg/handler`,
    names: ['Funcs', 'TypedFuncs'],
    literal: { fields: ['CreateFunc', 'UpdateFunc', 'DeleteFunc', 'GenericFunc'], sequential: true, cacheObjects: true, label: 'controller-runtime event handler registered here' },
  },
  {
    pkg: `${CR}/pkg/predicate`,
    names: ['Funcs', 'TypedFuncs'],
    literal: { fields: ['CreateFunc', 'UpdateFunc', 'DeleteFunc', 'GenericFunc'], sequential: true, cacheObjects: true, label: 'controller-runtime predicate registered here' },
  },
  {
    pkg: 'k8s.io/client-go/tools/leaderelection',
    names: ['LeaderCallbacks'],
    literal: { fields: ['OnStartedLeading', 'OnStoppedLeading', 'OnNewLeader'], sequential: false, cacheObjects: false, label: 'leader-election callback registered here' },
  },
];

export function callbackLiteral(t: GoType): CallbackLiteral | undefined {
  if (t.k !== 'named') return undefined;
  return CALLBACK_LITERALS.find((c) => c.pkg === t.pkg && c.names.includes(t.name))?.literal;
}

/** Library calls whose func argument runs on a goroutine of the framework (`pkg.Func(fn)`). */
export const CALLBACK_CALLS: Record<string, Record<string, string>> = {
  [`${CR}/pkg/manager`]: { RunnableFunc: 'manager runnable added here' },
  [`${CR}/pkg/handler`]: {
    EnqueueRequestsFromMapFunc: 'controller-runtime map function registered here',
    TypedEnqueueRequestsFromMapFunc: 'controller-runtime map function registered here',
  },
  [`${CR}/pkg/predicate`]: {
    NewPredicateFuncs: 'controller-runtime predicate registered here',
    NewTypedPredicateFuncs: 'controller-runtime predicate registered here',
  },
};

/** Methods `x.M(h)` that register an object whose methods the framework calls on its goroutines. */
export const HANDLER_REGISTRATIONS: Record<string, { methods: string[]; label: string }> = {
  AddEventHandler: { methods: ['OnAdd', 'OnUpdate', 'OnDelete'], label: 'informer event handler registered here' },
  AddEventHandlerWithResyncPeriod: { methods: ['OnAdd', 'OnUpdate', 'OnDelete'], label: 'informer event handler registered here' },
  AddEventHandlerWithOptions: { methods: ['OnAdd', 'OnUpdate', 'OnDelete'], label: 'informer event handler registered here' },
};

/**
 * `wait.Until(f, ...)` and friends call f on the caller's goroutine (repeatedly, one call at a time):
 * `go wait.Until(c.worker, ...)` starts c.worker as the goroutine.
 */
export function isRunner(pkgPath: string | undefined, name: string): boolean {
  return pkgPath === WAIT && /^(Until|UntilWithContext|Forever|JitterUntil|JitterUntilWithContext|NonSlidingUntil|NonSlidingUntilWithContext|BackoffUntil|BackoffUntilWithContext|Poll\w*|ExponentialBackoff\w*)$/.test(name);
}

/** `wait.Group` starts its func argument as a goroutine; `Wait` joins them. */
export function isWaitGroupStart(t: GoType, name: string): boolean {
  const d = deref(t);
  return d.k === 'named' && d.pkg === WAIT && d.name === 'Group' && (name === 'Start' || name === 'StartWithContext' || name === 'StartWithChannel');
}

export function isControllerOptions(t: GoType): boolean {
  return t.k === 'named' && t.pkg === `${CR}/pkg/controller` && (t.name === 'Options' || t.name === 'TypedOptions');
}

/**
 * Frameworks that call the lifecycle methods of the values they run one at a time, never two at once (issue 12,
 * class 8). `program`: one goroutine calls them for every value (the OpenTelemetry Collector starts every
 * component, then shuts every one down, on its service goroutine), so code only they reach runs on that
 * goroutine; `type`: each value's lifecycle is ordered (Telegraf runs an input's `Start`, each `Gather` after the
 * last one returned, then `Stop`; an output's `Connect`, each `Write`, then `Close`), and two values of one type may
 * run at once.
 */
export interface SerialLifecycle {
  framework: string;
  scope: 'program' | 'type';
  /** The lifecycle methods, by name. */
  methods: ReadonlySet<string>;
  /** Whether a method, by its name and parameters, marks its type as run by the framework. */
  marks(name: string, params: readonly GoType[]): boolean;
}

const SERIAL_LIFECYCLES: readonly SerialLifecycle[] = [
  {
    framework: 'OpenTelemetry Collector',
    scope: 'program',
    methods: new Set(['Start', 'Shutdown']),
    marks: (name, p) => name === 'Start' && p.length === 2 && named(p[0], 'context', 'Context') && named(p[1], 'go.opentelemetry.io/collector/component', 'Host'),
  },
  {
    framework: 'Telegraf',
    scope: 'type',
    methods: new Set(['Init', 'Start', 'Gather', 'Stop']),
    marks: (name, p) => (name === 'Gather' || name === 'Start') && p.length === 1 && named(p[0], 'github.com/influxdata/telegraf', 'Accumulator'),
  },
  {
    // An output's Write runs on its one flush loop; the agent calls Close after joining that loop (runOutputs).
    framework: 'Telegraf outputs',
    scope: 'type',
    methods: new Set(['Init', 'Connect', 'Write', 'Close']),
    marks: (name, p) => name === 'Write' && p.length === 1 && p[0]!.k === 'slice' && named(p[0]!.elem, 'github.com/influxdata/telegraf', 'Metric'),
  },
];

/** The framework that a method with this name and these parameters marks its type as run by. */
export function serialLifecycleMark(name: string, params: readonly GoType[]): string | undefined {
  return SERIAL_LIFECYCLES.find((l) => l.marks(name, params))?.framework;
}

export function serialLifecycle(framework: string): SerialLifecycle | undefined {
  return SERIAL_LIFECYCLES.find((l) => l.framework === framework);
}
