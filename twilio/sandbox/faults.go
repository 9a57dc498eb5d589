package sandbox

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// FaultKind is one way a request fails on purpose.
type FaultKind string

// The faults a sandbox can inject. The first four leave the store untouched;
// the last two let the request take effect and then lose its answer, which
// is the case a client must not paper over by retrying a create.
const (
	Fault429        FaultKind = "429"         // 429/20429 with Retry-After, as Twilio's rate limiter answers
	Fault500        FaultKind = "500"         // 500/20500 in Twilio's error body
	Fault503        FaultKind = "503"         // 503/20503 in Twilio's error body
	FaultDropBefore FaultKind = "drop-before" // the connection closes without an answer; nothing was done
	FaultDropAfter  FaultKind = "drop-after"  // the request is done and committed, then the connection closes without an answer
	FaultTruncate   FaultKind = "truncate"    // the request is done and committed; the answer stops half-way through its body
)

// AllFaultKinds are the kinds used when Faults.Kinds is empty.
var AllFaultKinds = []FaultKind{Fault429, Fault500, Fault503, FaultDropBefore, FaultDropAfter, FaultTruncate}

// Faults make a sandbox misbehave the way networks and busy servers do, so
// clients can be tested against it. Wrap applies them to a handler; put it
// in Options.Wrap.
type Faults struct {
	ErrorRate  float64       // share of requests that fail, 0 to 1
	Kinds      []FaultKind   // how they fail, one drawn at random per failure; empty means AllFaultKinds
	Latency    time.Duration // added to every request before it is handled
	RetryAfter time.Duration // a 429's Retry-After, rounded up to whole seconds; 0 means 1s
	Seed       uint64        // seeds the draws, so a run can be repeated; 0 means a random seed

	// Hold, when not nil, keeps every request waiting until it is closed (or
	// the client gives up, in which case nothing is done): a server that
	// hangs, for testing that a client stays responsive.
	Hold <-chan struct{}

	// Enabled, when not nil, switches the faults at runtime: while it holds
	// false, requests pass untouched.
	Enabled *atomic.Bool

	// OnFault, when not nil, is called as each fault is injected, for
	// counting and logging.
	OnFault func(FaultKind, *http.Request)
}

// String describes the faults for a person, e.g. "20% of requests fail
// (429, 500), 50ms latency".
func (f Faults) String() string {
	var parts []string
	if f.ErrorRate > 0 {
		kinds := make([]string, len(f.kinds()))
		for i, k := range f.kinds() {
			kinds[i] = string(k)
		}
		parts = append(parts, fmt.Sprintf("%s%% of requests fail (%s)",
			strconv.FormatFloat(f.ErrorRate*100, 'f', -1, 64), strings.Join(kinds, ", ")))
	}
	if f.Latency > 0 {
		parts = append(parts, f.Latency.String()+" latency")
	}
	if len(parts) == 0 {
		return "no faults"
	}
	return strings.Join(parts, ", ")
}

func (f Faults) kinds() []FaultKind {
	if len(f.Kinds) == 0 {
		return AllFaultKinds
	}
	return f.Kinds
}

// Wrap returns h with the faults applied. Each call draws from its own
// generator, seeded by f.Seed.
func (f Faults) Wrap(h http.Handler) http.Handler {
	seed := f.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	fh := &faultyHandler{f: f, kinds: append([]FaultKind(nil), f.kinds()...), next: h,
		rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	fh.retryAfter = strconv.Itoa(max(1, int((f.RetryAfter+time.Second-1)/time.Second)))
	return fh
}

type faultyHandler struct {
	f          Faults
	kinds      []FaultKind
	next       http.Handler
	retryAfter string

	mu  sync.Mutex // guards rng
	rng *rand.Rand
}

func (fh *faultyHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if fh.f.Enabled != nil && !fh.f.Enabled.Load() {
		fh.next.ServeHTTP(w, r)
		return
	}
	if fh.f.Hold != nil || fh.f.Latency > 0 {
		// net/http notices a client going away only once the request body
		// has been read, so read it before waiting.
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !wait(r.Context(), fh.f.Hold, fh.f.Latency) {
			return // the client gave up while the request waited; nothing was done
		}
	}
	kind, fail := fh.draw()
	if !fail {
		fh.next.ServeHTTP(w, r)
		return
	}
	if fh.f.OnFault != nil {
		fh.f.OnFault(kind, r)
	}
	if kind == Fault429 || kind == Fault500 || kind == Fault503 {
		setCommonHeaders(w.Header(), r)
	}
	switch kind {
	case Fault429:
		w.Header().Set("Retry-After", fh.retryAfter)
		writeJSON(w, http.StatusTooManyRequests, (&apiError{http.StatusTooManyRequests, 20429, "Too Many Requests (sandbox fault injection)"}).body())
	case Fault500:
		writeJSON(w, http.StatusInternalServerError, (&apiError{http.StatusInternalServerError, codeInternal, "Internal Server Error (sandbox fault injection)"}).body())
	case Fault503:
		writeJSON(w, http.StatusServiceUnavailable, (&apiError{http.StatusServiceUnavailable, 20503, "Service Unavailable (sandbox fault injection)"}).body())
	case FaultDropBefore:
		hangUp(w, nil)
	case FaultDropAfter, FaultTruncate:
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		fh.next.ServeHTTP(rec, r)
		if kind == FaultDropAfter || rec.body.Len() == 0 {
			hangUp(w, nil)
			return
		}
		hangUp(w, rec)
	}
}

// draw decides whether this request fails, and how.
func (fh *faultyHandler) draw() (FaultKind, bool) {
	fh.mu.Lock()
	defer fh.mu.Unlock()
	if fh.rng.Float64() >= fh.f.ErrorRate {
		return "", false
	}
	return fh.kinds[fh.rng.IntN(len(fh.kinds))], true
}

// wait holds a request until hold is closed, then for latency. It reports
// false if the client gave up first.
func wait(ctx context.Context, hold <-chan struct{}, latency time.Duration) bool {
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
			return false
		}
	}
	if latency <= 0 {
		return true
	}
	t := time.NewTimer(latency)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// hangUp closes the connection under the request. Given a recorded answer,
// it first sends the answer's status and headers, including the full
// Content-Length, and half of its body, so the client reads a body that
// ends too soon.
func hangUp(w http.ResponseWriter, partial *recorder) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// HTTP/2 cannot be hijacked; aborting resets the stream instead.
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer conn.Close()
	if partial == nil {
		return
	}
	body := partial.body.Bytes()
	partial.header.Set("Content-Length", strconv.Itoa(len(body)))
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", partial.status, http.StatusText(partial.status))
	partial.header.Write(buf)
	buf.WriteString("\r\n")
	buf.Write(body[:len(body)/2])
	buf.Flush()
}

// recorder keeps an answer instead of sending it.
type recorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = status, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wroteHeader = true
	return r.body.Write(p)
}

// FaultsUsage documents ParseFaults' syntax, for command-line help.
const FaultsUsage = `SPEC is a comma-separated list of settings:
  rate=R          share of requests that fail: 0.2 or 20%
  kinds=K+K...    how they fail (default all): 429 (with Retry-After),
                  500, 503, drop (the connection closes with no answer,
                  before or after the change is made: drop-before,
                  drop-after), truncate (the change is made, the answer
                  is cut off half-way)
  latency=D       delay every request by D, e.g. 50ms or 2s
  retry-after=N   seconds a 429 asks the client to wait (default 1)
  seed=N          repeat the same sequence of faults
e.g. rate=0.2,latency=50ms,kinds=429+500+503+drop+truncate`

// ParseFaults reads a fault specification as FaultsUsage describes, for a
// command-line flag.
func ParseFaults(spec string) (Faults, error) {
	var f Faults
	if strings.TrimSpace(spec) == "" {
		return f, fmt.Errorf("empty fault specification; try rate=0.2")
	}
	seen := map[string]bool{}
	for item := range strings.SplitSeq(spec, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(item), "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		switch {
		case !ok || value == "":
			return f, fmt.Errorf("%q is not name=value (e.g. rate=0.2)", item)
		case seen[name]:
			return f, fmt.Errorf("%s is given twice", name)
		}
		seen[name] = true
		var err error
		switch name {
		case "rate":
			f.ErrorRate, err = parseRate(value)
		case "kinds":
			f.Kinds, err = parseKinds(value)
		case "latency":
			f.Latency, err = time.ParseDuration(value)
			if err == nil && f.Latency < 0 {
				err = fmt.Errorf("must not be negative")
			}
		case "retry-after":
			var n int
			n, err = strconv.Atoi(value)
			if err == nil && (n < 1 || n > 3600) {
				err = fmt.Errorf("must be whole seconds from 1 to 3600")
			}
			f.RetryAfter = time.Duration(n) * time.Second
		case "seed":
			f.Seed, err = strconv.ParseUint(value, 10, 64)
		default:
			return f, fmt.Errorf("unknown setting %q; settings are rate, kinds, latency, retry-after, seed", name)
		}
		if err != nil {
			return f, fmt.Errorf("%s=%s: %w", name, value, err)
		}
	}
	if seen["kinds"] && f.ErrorRate == 0 {
		return f, fmt.Errorf("kinds needs a rate, e.g. rate=0.2")
	}
	if f.ErrorRate == 0 && f.Latency == 0 {
		return f, fmt.Errorf("nothing to inject: set rate (e.g. rate=0.2) or latency (e.g. latency=50ms)")
	}
	return f, nil
}

func parseRate(s string) (float64, error) {
	scale := 1.0
	if p, ok := strings.CutSuffix(s, "%"); ok {
		s, scale = p, 100
	}
	r, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("not a number")
	}
	if r /= scale; !(r >= 0 && r <= 1) {
		return 0, fmt.Errorf("must be between 0 and 1 (or 0%% and 100%%)")
	}
	return r, nil
}

// parseKinds reads kinds joined by "+". Each kind is listed once, however
// often it is named, so that each is equally likely.
func parseKinds(s string) ([]FaultKind, error) {
	var kinds []FaultKind
	add := func(ks ...FaultKind) {
		for _, k := range ks {
			if !slices.Contains(kinds, k) {
				kinds = append(kinds, k)
			}
		}
	}
	for name := range strings.SplitSeq(s, "+") {
		switch k := FaultKind(strings.TrimSpace(name)); k {
		case "all":
			add(AllFaultKinds...)
		case "drop":
			add(FaultDropBefore, FaultDropAfter)
		case Fault429, Fault500, Fault503, FaultDropBefore, FaultDropAfter, FaultTruncate:
			add(k)
		default:
			return nil, fmt.Errorf("unknown kind %q; kinds are 429, 500, 503, drop, drop-before, drop-after, truncate, all", name)
		}
	}
	return kinds, nil
}
