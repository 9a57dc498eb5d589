package twilio_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// TestListKeysThroughFaults lists about 3,000 keys, 20 at a time, while
// the sandbox fails one request in five in every way it knows (429, 500,
// 503, dropped connections, cut-off answers). The retries must carry the
// listing through, with every key exactly once.
func TestListKeysThroughFaults(t *testing.T) {
	faults, on, counter := switchableFaults(0.2, 1)
	srv := sandboxtest.Start(t, sandbox.Options{SeedKeys: 3000, Wrap: faults.Wrap})
	client := sandboxClient(t, srv, quickRetries)
	want := map[string]bool{}
	for _, k := range everyKey(t, client) {
		want[k.SID] = true
	}

	on.Store(true)
	seen := map[string]int{}
	pages := 0
	err := client.ListKeys(context.Background(), 20, func(page []twilio.Key) error {
		pages++
		for _, k := range page {
			seen[k.SID]++
		}
		return nil
	})
	on.Store(false)
	if err != nil {
		t.Fatalf("listing through faults: %v", err)
	}
	for sid, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", sid, n)
		}
		if !want[sid] {
			t.Errorf("%s listed, but it is not in the store", sid)
		}
	}
	for sid := range want {
		if seen[sid] == 0 {
			t.Errorf("%s missing from the listing", sid)
		}
	}
	kinds, total := counter.snapshot()
	if total == 0 {
		t.Fatal("no faults were injected; the test proves nothing")
	}
	t.Logf("listed %d keys in %d pages of 20 through %d injected faults %v, each key exactly once", len(seen), pages, total, kinds)
}

// TestCreatesThroughFaults makes 1,000 creates with unique names through a
// sandbox that fails one request in five. A create is retried only after a
// 429, which Twilio never processed, so each either succeeds, fails cleanly
// (429s until the retries ran out), or reports ErrOutcomeUnknown. Afterwards the store must hold
// every succeeded key, no key of a clean failure, and no name twice: the
// client never created a duplicate by retrying. The creates whose outcome
// was unknown and that did happen must be exactly the faults that lose an
// answer after committing (drop-after, truncate).
func TestCreatesThroughFaults(t *testing.T) {
	const attempts, workers = 1000, 8
	faults, on, counter := switchableFaults(0.2, 2)
	srv := sandboxtest.Start(t, sandbox.Options{Wrap: faults.Wrap})
	client := sandboxClient(t, srv, quickRetries)
	before := len(everyKey(t, client))

	type outcome struct {
		name string
		key  twilio.NewKey
		err  error
	}
	outcomes := make([]outcome, attempts)
	on.Store(true)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < attempts; i += workers {
				name := fmt.Sprintf("fault-create-%04d", i)
				k, err := client.CreateKey(context.Background(), name, twilio.KeyTypeStandard)
				outcomes[i] = outcome{name, k, err}
			}
		})
	}
	wg.Wait()
	on.Store(false)

	listed := everyKey(t, client)
	byName := map[string][]twilio.Key{}
	for _, k := range listed {
		byName[k.FriendlyName] = append(byName[k.FriendlyName], k)
	}
	for name, keys := range byName {
		if len(keys) > 1 {
			t.Errorf("%d keys named %q: a create was repeated", len(keys), name)
		}
	}
	var succeeded, clean, unknown, unknownButMade int
	for _, o := range outcomes {
		found := byName[o.name]
		switch {
		case o.err == nil:
			succeeded++
			if len(found) != 1 || found[0].SID != o.key.SID {
				t.Errorf("create %q succeeded as %s, but the store has %v", o.name, o.key.SID, found)
			}
			if len(o.key.Secret) != 32 {
				t.Errorf("create %q succeeded with a %d-character secret", o.name, len(o.key.Secret))
			}
		case errors.Is(o.err, twilio.ErrOutcomeUnknown):
			unknown++
			if len(found) == 1 {
				unknownButMade++
			}
		default:
			clean++
			if !twilio.IsRateLimited(o.err) {
				t.Errorf("create %q failed with %v: only a 429 is a clean failure here", o.name, o.err)
			}
			if len(found) != 0 {
				t.Errorf("create %q failed cleanly (%v), yet the key exists", o.name, o.err)
			}
		}
		if o.err != nil && strings.Contains(o.err.Error(), `"secret"`) {
			t.Errorf("create %q: the error quotes the answer's body: %v", o.name, o.err)
		}
	}
	kinds, total := counter.snapshot()
	if want := kinds[sandbox.FaultDropAfter] + kinds[sandbox.FaultTruncate]; unknownButMade != want {
		t.Errorf("%d creates with an unknown outcome were made; want %d, one per drop-after and truncate fault", unknownButMade, want)
	}
	if want := before + succeeded + unknownButMade; len(listed) != want {
		t.Errorf("%d keys in the store, want %d", len(listed), want)
	}
	if succeeded+clean+unknown != attempts {
		t.Errorf("%d outcomes for %d attempts", succeeded+clean+unknown, attempts)
	}
	t.Logf("%d creates through %d injected faults %v: %d succeeded, %d failed cleanly (429), %d outcome unknown (%d of them made, none twice); no duplicate",
		attempts, total, kinds, succeeded, clean, unknown, unknownButMade)
}
