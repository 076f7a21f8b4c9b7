// Package publication: an object is private to the goroutine that made it until it is stored where another
// goroutine can reach it (a package variable, a channel, a variable a running goroutine reads); writes before
// that are not races, writes after it are. An object taken out of a shared map is private again, and an
// object made per request belongs to that request.
package publication

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Limits is published through an atomic pointer; readers never lock. Silent: Reload fills it first.
type Limits struct {
	perUser map[string]int
}

var current atomic.Pointer[Limits]

// Reload builds new limits and then publishes them: the writes precede Store.
func Reload(src map[string]int) {
	l := &Limits{perUser: make(map[string]int, len(src))}
	for u, n := range src {
		l.perUser[u] = n
	}
	current.Store(l)
}

// Limit is called by every request.
func Limit(user string) int {
	if l := current.Load(); l != nil {
		return l.perUser[user]
	}
	return 0
}

// Quotas is published the same way. Racy: ReloadQuotas changes it after it is published.
type Quotas struct {
	perUser map[string]int
}

var currentQuotas atomic.Pointer[Quotas]

// ReloadQuotas publishes and then adds the default: readers may already read perUser.
func ReloadQuotas(src map[string]int) {
	q := &Quotas{perUser: make(map[string]int, len(src))}
	for u, n := range src {
		q.perUser[u] = n
	}
	currentQuotas.Store(q)
	q.perUser["*"] = 10 // want "write of map q.perUser races with read at .*MR1002"
}

// Quota is called by every request.
func Quota(user string) int {
	if q := currentQuotas.Load(); q != nil {
		return q.perUser[user]
	}
	return 0
}

// Serve reloads both from a watch loop while requests read them.
func Serve(changes <-chan map[string]int) *http.ServeMux {
	go func() {
		for c := range changes {
			Reload(c)
			ReloadQuotas(c)
		}
	}()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		user := req.FormValue("user")
		_, _ = w.Write([]byte(strconv.Itoa(Limit(user) + Quota(user))))
	})
	return mux
}

// Job is handed to a worker over a channel. Silent: Enqueue fills it before the send.
type Job struct {
	params map[string]string
}

// Enqueue fills the job before it sends it: the send happens before the worker's receive.
func Enqueue(jobs chan<- *Job, name string) {
	j := &Job{params: map[string]string{"name": name}}
	j.params["attempt"] = "1"
	jobs <- j
}

// RunJobs reads the jobs' parameters on a worker goroutine.
func RunJobs(jobs <-chan *Job, done chan<- string) {
	go func() {
		for j := range jobs {
			done <- j.params["name"] + j.params["attempt"]
		}
	}()
}

// Task is handed over a channel too. Racy: EnqueueTask changes it after the send.
type Task struct {
	params map[string]string
}

// EnqueueTask stamps the task after sending it: the worker may be reading params.
func EnqueueTask(tasks chan<- *Task, name string) {
	t := &Task{params: map[string]string{"name": name}}
	tasks <- t
	t.params["queued"] = time.Now().String() // want "write of map t.params races with read at .*MR1002"
}

// RunTasks reads the tasks' parameters on a worker goroutine.
func RunTasks(tasks <-chan *Task, done chan<- string) {
	go func() {
		for t := range tasks {
			done <- t.params["name"] + t.params["queued"]
		}
	}()
}

// Session attributes are read only under the sessions' lock while the session is in the map. Silent:
// Expire writes one only after taking it out.
type Session struct {
	attrs map[string]string
}

// Sessions is used by every request.
type Sessions struct {
	mu   sync.Mutex
	byID map[string]*Session
}

// Open adds a session.
func (s *Sessions) Open(id, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[id] = &Session{attrs: map[string]string{"user": user}}
}

// Attr reads an attribute under the lock.
func (s *Sessions) Attr(id, key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess, ok := s.byID[id]; ok {
		return sess.attrs[key]
	}
	return ""
}

// Expire removes the session and then marks it: once deleted, nobody else can reach sess.
func (s *Sessions) Expire(id string) *Session {
	s.mu.Lock()
	sess, ok := s.byID[id]
	delete(s.byID, id)
	s.mu.Unlock()
	if !ok {
		return nil
	}
	sess.attrs["expired"] = "true"
	return sess
}

// Conn attributes are read only under the conns' lock too. Racy: Touch writes one still in the map.
type Conn struct {
	attrs map[string]string
}

// Conns is used by every request.
type Conns struct {
	mu   sync.Mutex
	byID map[string]*Conn
}

// Open adds a connection.
func (c *Conns) Open(id, peer string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byID[id] = &Conn{attrs: map[string]string{"peer": peer}}
}

// Attr reads an attribute under the lock.
func (c *Conns) Attr(id, key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if conn, ok := c.byID[id]; ok {
		return conn.attrs[key]
	}
	return ""
}

// Touch marks a connection that is still in the map, after releasing the lock.
func (c *Conns) Touch(id string) {
	c.mu.Lock()
	conn, ok := c.byID[id]
	c.mu.Unlock()
	if ok {
		conn.attrs["seen"] = time.Now().String() // want "write of map conn.attrs races with read at .*MR1002"
	}
}

// SessionMux serves both on request goroutines.
func SessionMux() *http.ServeMux {
	s := &Sessions{byID: make(map[string]*Session)}
	c := &Conns{byID: make(map[string]*Conn)}
	mux := http.NewServeMux()
	mux.HandleFunc("/login", func(w http.ResponseWriter, req *http.Request) {
		s.Open(req.FormValue("id"), req.FormValue("user"))
		c.Open(req.FormValue("id"), req.RemoteAddr)
	})
	mux.HandleFunc("/session", func(w http.ResponseWriter, req *http.Request) {
		id := req.FormValue("id")
		if req.Method == http.MethodDelete {
			s.Expire(id)
			return
		}
		_, _ = w.Write([]byte(s.Attr(id, "user")))
	})
	mux.HandleFunc("/conn", func(w http.ResponseWriter, req *http.Request) {
		id := req.FormValue("id")
		c.Touch(id)
		_, _ = w.Write([]byte(c.Attr(id, "peer")))
	})
	return mux
}

// reply is a response body under construction.
type reply struct {
	fields map[string]string
}

// API answers requests.
type API struct {
	template *reply
}

// Echo builds a reply per request. Silent: resp and the request's own query values belong to this request.
func (a *API) Echo(w http.ResponseWriter, req *http.Request) {
	resp := &reply{fields: make(map[string]string)}
	resp.fields["path"] = req.URL.Path
	q := req.URL.Query()
	q.Set("echo", "1")
	resp.fields["query"] = q.Encode()
	_, _ = w.Write([]byte(resp.fields["path"] + resp.fields["query"]))
}

// Stamp writes into the one template every request shares. Racy.
func (a *API) Stamp(w http.ResponseWriter, req *http.Request) {
	resp := a.template
	resp.fields["path"] = req.URL.Path // want "write of map resp.fields races with .*MR1002"
	_, _ = w.Write([]byte(resp.fields["path"]))
}

// APIMux registers both handlers.
func APIMux() *http.ServeMux {
	a := &API{template: &reply{fields: make(map[string]string)}}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", a.Echo)
	mux.HandleFunc("/stamp", a.Stamp)
	return mux
}

// WatchLatest builds each snapshot privately and publishes it to the reporter goroutine under mu. Silent: a
// snapshot is complete before the assignment that makes it reachable.
func WatchLatest(updates <-chan []string, ticks <-chan time.Time, out chan<- int) {
	var mu sync.Mutex
	var latest map[string]bool
	go func() {
		for range ticks {
			mu.Lock()
			snap := latest
			mu.Unlock()
			out <- len(snap) + boolInt(snap["ready"])
		}
	}()
	for u := range updates {
		next := make(map[string]bool, len(u))
		for _, k := range u {
			next[k] = true
		}
		mu.Lock()
		latest = next
		mu.Unlock()
	}
}

// WatchLatestLate marks the snapshot after publishing it. Racy: the reporter may be reading it.
func WatchLatestLate(updates <-chan []string, ticks <-chan time.Time, out chan<- int) {
	var mu sync.Mutex
	var latest map[string]bool
	go func() {
		for range ticks {
			mu.Lock()
			snap := latest
			mu.Unlock()
			out <- boolInt(snap["ready"])
		}
	}()
	for u := range updates {
		next := make(map[string]bool, len(u))
		for _, k := range u {
			next[k] = true
		}
		mu.Lock()
		latest = next
		mu.Unlock()
		next["ready"] = true // want "write of map next races with read at .*MR1001"
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
