package sandbox_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

func TestParseFaults(t *testing.T) {
	all := sandbox.AllFaultKinds
	tests := []struct {
		spec    string
		want    sandbox.Faults
		wantErr string
	}{
		{spec: "rate=0.2", want: sandbox.Faults{ErrorRate: 0.2}},
		{spec: "rate=20%", want: sandbox.Faults{ErrorRate: 0.2}},
		{spec: "rate=1", want: sandbox.Faults{ErrorRate: 1}},
		{spec: "latency=50ms", want: sandbox.Faults{Latency: 50 * time.Millisecond}},
		{
			spec: "rate=0.2,latency=50ms,kinds=429+500+503+drop+truncate",
			want: sandbox.Faults{ErrorRate: 0.2, Latency: 50 * time.Millisecond, Kinds: all},
		},
		{spec: " rate = 0.5 , kinds = drop-after ", want: sandbox.Faults{ErrorRate: 0.5, Kinds: []sandbox.FaultKind{sandbox.FaultDropAfter}}},
		{spec: "rate=0.5,kinds=all+429", want: sandbox.Faults{ErrorRate: 0.5, Kinds: all}},
		{spec: "rate=0.5,kinds=drop+drop-before", want: sandbox.Faults{ErrorRate: 0.5, Kinds: []sandbox.FaultKind{sandbox.FaultDropBefore, sandbox.FaultDropAfter}}},
		{spec: "rate=0.1,retry-after=3,seed=42", want: sandbox.Faults{ErrorRate: 0.1, RetryAfter: 3 * time.Second, Seed: 42}},

		{spec: "", wantErr: "empty"},
		{spec: "rate", wantErr: "not name=value"},
		{spec: "rate=", wantErr: "not name=value"},
		{spec: "rate=lots", wantErr: "not a number"},
		{spec: "rate=1.5", wantErr: "between 0 and 1"},
		{spec: "rate=-0.1", wantErr: "between 0 and 1"},
		{spec: "rate=NaN", wantErr: "between 0 and 1"},
		{spec: "rate=120%", wantErr: "between 0 and 1"},
		{spec: "rate=0.1,rate=0.2", wantErr: "given twice"},
		{spec: "rate=0.1,kinds=404", wantErr: `unknown kind "404"`},
		{spec: "rate=0.1,latency=fast", wantErr: "latency=fast"},
		{spec: "latency=-5ms", wantErr: "negative"},
		{spec: "rate=0.1,retry-after=0", wantErr: "whole seconds"},
		{spec: "rate=0.1,retry-after=1s", wantErr: "retry-after=1s"},
		{spec: "rate=0.1,seed=-1", wantErr: "seed=-1"},
		{spec: "rate=0.1,speed=9", wantErr: `unknown setting "speed"`},
		{spec: "kinds=429", wantErr: "kinds needs a rate"},
		{spec: "rate=0", wantErr: "nothing to inject"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := sandbox.ParseFaults(tt.spec)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFaultsString(t *testing.T) {
	f, err := sandbox.ParseFaults("rate=0.2,latency=50ms,kinds=429+drop")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.String(), "20% of requests fail (429, drop-before, drop-after), 50ms latency"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestFaultKinds sends one create through each kind of fault and checks what
// the client saw and whether the key was made: the faults before the handler
// leave no trace; drop-after and truncate commit the key and lose the answer.
func TestFaultKinds(t *testing.T) {
	tests := []struct {
		kind        sandbox.FaultKind
		status      int    // 0: no answer at all
		code        int    // Twilio error code in the body
		retryAfter  string // Retry-After header
		bodyCut     bool   // headers arrive, the body ends early
		keyIsStored bool
	}{
		{kind: sandbox.Fault429, status: 429, code: 20429, retryAfter: "2"},
		{kind: sandbox.Fault500, status: 500, code: 20500},
		{kind: sandbox.Fault503, status: 503, code: 20503},
		{kind: sandbox.FaultDropBefore},
		{kind: sandbox.FaultDropAfter, keyIsStored: true},
		{kind: sandbox.FaultTruncate, status: 201, bodyCut: true, keyIsStored: true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			var on atomic.Bool
			on.Store(true)
			var injected atomic.Int32
			faults := sandbox.Faults{ErrorRate: 1, Kinds: []sandbox.FaultKind{tt.kind}, RetryAfter: 1500 * time.Millisecond, Enabled: &on,
				OnFault: func(k sandbox.FaultKind, r *http.Request) {
					if k != tt.kind {
						t.Errorf("OnFault(%s), want %s", k, tt.kind)
					}
					injected.Add(1)
				}}
			srv := sandboxtest.Start(t, sandbox.Options{Wrap: faults.Wrap})
			admin := demoCreds(srv)
			name := "fault " + string(tt.kind)

			req, _ := http.NewRequest(http.MethodPost, srv.URL()+keysPath(admin.user), strings.NewReader(url.Values{"FriendlyName": {name}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(admin.user, admin.pass)
			res, err := http.DefaultClient.Do(req)
			var body []byte
			var readErr error
			if err == nil {
				body, readErr = io.ReadAll(res.Body)
				res.Body.Close()
			}
			switch {
			case tt.status == 0:
				if err == nil {
					t.Fatalf("got an answer (%d %s), want the connection dropped", res.StatusCode, body)
				}
			case err != nil:
				t.Fatalf("no answer: %v", err)
			case res.StatusCode != tt.status:
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			case tt.bodyCut:
				if !errors.Is(readErr, io.ErrUnexpectedEOF) {
					t.Errorf("reading the body: %v, want unexpected EOF", readErr)
				}
				if len(body) == 0 || int64(len(body)) >= res.ContentLength {
					t.Errorf("got %d of %d bytes, want part of the body", len(body), res.ContentLength)
				}
			default:
				if readErr != nil {
					t.Fatal(readErr)
				}
				if code := (response{res.StatusCode, res.Header, body}).errorCode(t); code != tt.code {
					t.Errorf("code %d, want %d", code, tt.code)
				}
				if got := res.Header.Get("Retry-After"); got != tt.retryAfter {
					t.Errorf("Retry-After %q, want %q", got, tt.retryAfter)
				}
				// An injected error looks like Twilio's: a request id to quote,
				// and CORS headers, so a browser app can read it.
				if !requestIDPattern.MatchString(res.Header.Get("Twilio-Request-Id")) || res.Header.Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("headers %v, want Twilio-Request-Id and CORS", res.Header)
				}
			}
			if n := injected.Load(); n != 1 {
				t.Errorf("OnFault called %d times, want 1", n)
			}

			on.Store(false)
			stored := strings.Contains(string(do(t, srv, http.MethodGet, keysPath(admin.user), admin, nil).body), name)
			if stored != tt.keyIsStored {
				t.Errorf("key stored: %v, want %v", stored, tt.keyIsStored)
			}
		})
	}
}

// TestFaultsRepeatWithSeed: the same seed gives the same faults in the same
// order, so a failing run can be repeated.
func TestFaultsRepeatWithSeed(t *testing.T) {
	run := func(seed uint64) string {
		faults := sandbox.Faults{ErrorRate: 0.5, Kinds: []sandbox.FaultKind{sandbox.Fault500, sandbox.Fault503, sandbox.Fault429}, Seed: seed}
		srv := sandboxtest.Start(t, sandbox.Options{Wrap: faults.Wrap})
		var b strings.Builder
		for range 64 {
			r := do(t, srv, http.MethodGet, balancePath(srv.AccountSID()), demoCreds(srv), nil)
			b.WriteString(http.StatusText(r.status)[:1])
		}
		return b.String()
	}
	first, again, other := run(7), run(7), run(8)
	if first != again {
		t.Errorf("seed 7 gave %s, then %s", first, again)
	}
	if first == other {
		t.Errorf("seeds 7 and 8 both gave %s", first)
	}
	if !strings.Contains(first, "O") || strings.Count(first, "O") == len(first) {
		t.Errorf("rate 0.5 gave %s: want some requests to pass and some to fail", first)
	}
}

// TestFaultsHold: a held request waits for the release without reaching the
// API, and one whose client gives up while held changes nothing.
func TestFaultsHold(t *testing.T) {
	hold := make(chan struct{})
	arrived := make(chan struct{}, 4)
	left := make(chan struct{}, 4)
	var handled atomic.Int32
	faults := sandbox.Faults{Latency: time.Millisecond, Hold: hold}
	wrap := func(h http.Handler) http.Handler {
		counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			handled.Add(1)
			h.ServeHTTP(w, r)
		})
		held := faults.Wrap(counted)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			held.ServeHTTP(w, r)
			left <- struct{}{}
		})
	}
	srv := sandboxtest.Start(t, sandbox.Options{Wrap: wrap})
	admin := demoCreds(srv)
	create := func(ctx context.Context, name string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL()+keysPath(admin.user), strings.NewReader("FriendlyName="+name))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(admin.user, admin.pass)
		return http.DefaultClient.Do(req)
	}

	ctx, cancel := context.WithCancel(context.Background())
	abandoned := make(chan error, 1)
	go func() {
		_, err := create(ctx, "abandoned")
		abandoned <- err
	}()
	<-arrived
	cancel()
	if err := <-abandoned; !errors.Is(err, context.Canceled) {
		t.Fatalf("abandoned request: %v, want context.Canceled", err)
	}
	<-left // the server saw the client go, so the release below cannot reach it

	done := make(chan *http.Response, 1)
	go func() {
		res, err := create(context.Background(), "released")
		if err != nil {
			t.Error(err)
		}
		done <- res
	}()
	<-arrived
	select {
	case <-done:
		t.Fatal("a held request was answered before the release")
	default:
	}
	close(hold)
	if res := <-done; res == nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("released request: %v", res)
	}
	if n := handled.Load(); n != 1 {
		t.Errorf("the API handled %d requests, want only the released one", n)
	}
	body := string(do(t, srv, http.MethodGet, keysPath(admin.user), admin, nil).body)
	if strings.Contains(body, "abandoned") || !strings.Contains(body, "released") {
		t.Errorf("keys after the hold: %s", body)
	}
}
