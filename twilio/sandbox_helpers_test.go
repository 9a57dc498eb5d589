package twilio_test

// The client against the real sandbox over loopback HTTP. These tests live
// in package twilio_test: the sandbox does not import the client, so the
// client's tests may import the sandbox.

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// sandboxClient is a client of the sandbox's demo account. Its HTTP client
// keeps enough idle connections for many goroutines, so a busy test does
// not run out of ports to connections in TIME_WAIT.
func sandboxClient(t testing.TB, srv *sandbox.Server, retry twilio.RetryPolicy) *twilio.Client {
	t.Helper()
	hc := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64},
	}
	t.Cleanup(hc.CloseIdleConnections)
	c, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), AuthToken: srv.AuthToken()},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true, HTTPClient: hc, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// quickRetries retry as the defaults do, but wait a millisecond or two
// instead of seconds (a 429's Retry-After included, through MaxDelay), and
// try more often, so that a listing through 20% faults virtually never runs
// out of retries.
var quickRetries = twilio.RetryPolicy{MaxRetries: 10, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

// faultCounter counts the faults a sandbox injected, by kind.
type faultCounter struct {
	mu     sync.Mutex
	counts map[sandbox.FaultKind]int
}

func (c *faultCounter) count(k sandbox.FaultKind, _ *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.counts == nil {
		c.counts = map[sandbox.FaultKind]int{}
	}
	c.counts[k]++
}

func (c *faultCounter) snapshot() (map[sandbox.FaultKind]int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	out, total := map[sandbox.FaultKind]int{}, 0
	for k, n := range c.counts {
		out[k] = n
		total += n
	}
	return out, total
}

// switchableFaults are faults at rate with every kind, off until on is set.
func switchableFaults(rate float64, seed uint64) (sandbox.Faults, *atomic.Bool, *faultCounter) {
	var on atomic.Bool
	counter := &faultCounter{}
	return sandbox.Faults{ErrorRate: rate, Seed: seed, Enabled: &on, OnFault: counter.count}, &on, counter
}

// everyKey lists every key, failing the test on an error.
func everyKey(t testing.TB, c *twilio.Client) []twilio.Key {
	t.Helper()
	var keys []twilio.Key
	if err := c.ListKeys(context.Background(), twilio.MaxPageSize, func(page []twilio.Key) error {
		keys = append(keys, page...)
		return nil
	}); err != nil {
		t.Fatalf("listing every key: %v", err)
	}
	return keys
}
