package twilio_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

var (
	loadDuration = flag.Duration("load.duration", 3*time.Second, "how long TestLoad32Clients runs")
	loadOps      = flag.Int("load.ops", 400, "most requests each client of TestLoad32Clients sends")
)

// loadClients is how many clients hit the sandbox at once.
const loadClients = 32

// TestLoad32Clients has 32 clients, each with its own connections, create,
// rename, fetch, list and delete keys of their own against one sandbox for
// -load.duration (or -load.ops requests each). No request may fail (the
// clients do not retry), and at the end the store must hold exactly the
// keys the clients left, with the names they gave them: nothing lost, nothing
// duplicated, nothing crossed between clients.
func TestLoad32Clients(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	deadline := time.Now().Add(*loadDuration)
	clients := make([]*loadClient, loadClients)
	for i := range clients {
		clients[i] = newLoadClient(sandboxClient(t, srv, noRetries), i, uint64(i))
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, lc := range clients {
		wg.Go(func() {
			for range *loadOps {
				if time.Now().After(deadline) {
					return
				}
				if err := lc.step(); err != nil {
					t.Errorf("client %d: %v", lc.id, err)
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	want := map[string]string{}
	var latencies []time.Duration
	for _, lc := range clients {
		for sid, name := range lc.keys {
			want[sid] = name
		}
		latencies = append(latencies, lc.latencies...)
	}
	got := map[string]string{}
	for _, k := range everyKey(t, sandboxClient(t, srv, noRetries)) {
		if !strings.HasPrefix(k.FriendlyName, "load-") {
			continue // a seeded demo key
		}
		if _, dup := got[k.SID]; dup {
			t.Errorf("%s listed twice", k.SID)
		}
		got[k.SID] = k.FriendlyName
	}
	for sid, name := range want {
		if got[sid] != name {
			t.Errorf("key %s is %q in the store, want %q", sid, got[sid], name)
		}
	}
	for sid, name := range got {
		if _, ok := want[sid]; !ok {
			t.Errorf("key %s (%q) is in the store, but no client kept it", sid, name)
		}
	}
	p50, p99 := percentile(latencies, 50), percentile(latencies, 99)
	t.Logf("%d clients, %d requests in %v (%.0f req/s), p50 %v, p99 %v; %d keys left, all as their clients left them",
		loadClients, len(latencies), elapsed.Round(time.Millisecond), float64(len(latencies))/elapsed.Seconds(), p50, p99, len(want))
}

// BenchmarkLoad32Clients measures the sandbox serving 32 clients at once,
// each sending the mix TestLoad32Clients sends, over loopback HTTP: one
// operation is one request. It reports throughput and the 99th-percentile
// latency, for the in-memory store and for a state file, where every write
// is synced to disk before it is answered.
func BenchmarkLoad32Clients(b *testing.B) {
	for _, store := range []string{"memory", "file"} {
		b.Run(store, func(b *testing.B) {
			opts := sandbox.Options{}
			if store == "file" {
				opts.StatePath = filepath.Join(b.TempDir(), "sandbox.db")
			}
			srv := sandboxtest.Start(b, opts)
			clients := make([]*loadClient, loadClients)
			for i := range clients {
				clients[i] = newLoadClient(sandboxClient(b, srv, noRetries), i, uint64(i))
			}
			var tickets atomic.Int64
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for _, lc := range clients {
				wg.Go(func() {
					for tickets.Add(1) <= int64(b.N) {
						if err := lc.step(); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			var latencies []time.Duration
			for _, lc := range clients {
				latencies = append(latencies, lc.latencies...)
			}
			b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "req/s")
			b.ReportMetric(percentile(latencies, 99).Seconds()*1e3, "p99-ms")
		})
	}
}

// noRetries makes every failed request an error the test sees.
var noRetries = twilio.RetryPolicy{MaxRetries: -1}

// loadClient is one client and the keys it owns, by SID, with the names
// it last gave them.
type loadClient struct {
	id        int
	c         *twilio.Client
	rng       *rand.Rand
	keys      map[string]string
	sids      []string // the keys' SIDs, for picking one at random
	seq       int
	latencies []time.Duration
}

func newLoadClient(c *twilio.Client, id int, seed uint64) *loadClient {
	return &loadClient{id: id, c: c, rng: rand.New(rand.NewPCG(seed, 32)), keys: map[string]string{}}
}

// errStop ends a listing after its first page.
var errStop = errors.New("first page is enough")

// step sends one request: a create while the client has few keys, else a
// create, rename, fetch, one page of the list, or a delete. It checks what
// comes back against what the client knows.
func (lc *loadClient) step() error {
	ctx := context.Background()
	lc.seq++
	name := fmt.Sprintf("load-c%02d-%d", lc.id, lc.seq)
	op := lc.rng.IntN(10)
	switch {
	case len(lc.sids) < 3:
		op = 0
	case len(lc.sids) > 20:
		op = 9
	}
	start := time.Now()
	defer func() { lc.latencies = append(lc.latencies, time.Since(start)) }()
	switch op {
	case 0, 1, 2:
		k, err := lc.c.CreateKey(ctx, name, twilio.KeyTypeStandard)
		if err != nil {
			return err
		}
		lc.keys[k.SID] = name
		lc.sids = append(lc.sids, k.SID)
	case 3, 4, 5:
		sid := lc.sids[lc.rng.IntN(len(lc.sids))]
		k, err := lc.c.RenameKey(ctx, sid, name)
		if err != nil {
			return err
		}
		if k.FriendlyName != name {
			return fmt.Errorf("rename %s to %q answered %q", sid, name, k.FriendlyName)
		}
		lc.keys[sid] = name
	case 6:
		sid := lc.sids[lc.rng.IntN(len(lc.sids))]
		k, err := lc.c.FetchKey(ctx, sid)
		if err != nil {
			return err
		}
		if k.FriendlyName != lc.keys[sid] {
			return fmt.Errorf("fetch %s: %q, want %q", sid, k.FriendlyName, lc.keys[sid])
		}
	case 7:
		err := lc.c.ListKeys(ctx, 50, func([]twilio.Key) error { return errStop })
		if !errors.Is(err, errStop) {
			return fmt.Errorf("list: %v", err)
		}
	default:
		i := lc.rng.IntN(len(lc.sids))
		sid := lc.sids[i]
		if err := lc.c.DeleteKey(ctx, sid); err != nil {
			return err
		}
		delete(lc.keys, sid)
		lc.sids = slices.Delete(lc.sids, i, i+1)
	}
	return nil
}

// percentile is the p-th percentile of ds, nearest rank.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank-1, 0)]
}
