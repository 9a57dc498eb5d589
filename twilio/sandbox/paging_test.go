package sandbox_test

import (
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// randomClock returns times spread over the past year, so keys created
// during a listing land before, inside and after the pages already read.
func randomClock(seed uint64) func() time.Time {
	var mu sync.Mutex
	r := rand.New(rand.NewPCG(seed, seed))
	base := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return base.Add(-time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))
	}
}

// TestPagingStableUnderChurn lists all keys page by page while keys are
// created and deleted: no key may be listed twice, and every key that
// existed throughout must be listed.
func TestPagingStableUnderChurn(t *testing.T) {
	for _, concurrent := range []bool{false, true} {
		name := map[bool]string{false: "interleaved", true: "concurrent"}[concurrent]
		t.Run(name, func(t *testing.T) {
			srv := sandboxtest.Start(t, sandbox.Options{SeedKeys: 150, Now: randomClock(7)})
			admin := demoCreds(srv)
			acct := srv.AccountSID()

			existing := listAll(t, srv, admin, keysPath(acct), "keys", 1000)
			pool := make([]string, 0, len(existing))
			for sid := range existing {
				pool = append(pool, sid)
			}
			r := rand.New(rand.NewPCG(1, 2))
			r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })

			var mu sync.Mutex
			deleted := map[string]bool{} // marked before the delete is sent
			churn := func() {
				for range 3 {
					if r := do(t, srv, http.MethodPost, keysPath(acct), admin, url.Values{"FriendlyName": {"churn"}}); r.status != http.StatusCreated {
						t.Errorf("create: %d %s", r.status, r.body)
					}
				}
				for range 2 {
					mu.Lock()
					sid := pool[0]
					pool = pool[1:]
					deleted[sid] = true
					mu.Unlock()
					if r := do(t, srv, http.MethodDelete, keyPath(acct, sid), admin, nil); r.status != http.StatusNoContent {
						t.Errorf("delete %s: %d %s", sid, r.status, r.body)
					}
				}
			}

			ticks := make(chan struct{}, 64)
			done := make(chan struct{})
			go func() {
				defer close(done)
				for range ticks {
					churn()
				}
			}()
			seen := map[string]int{}
			pages := 0
			for next := keysPath(acct) + "?PageSize=10"; next != ""; pages++ {
				m := do(t, srv, http.MethodGet, next, admin, nil).object(t)
				for _, k := range m["keys"].([]any) {
					seen[k.(map[string]any)["sid"].(string)]++
				}
				next, _ = m["next_page_uri"].(string)
				if concurrent {
					ticks <- struct{}{}
				} else {
					churn()
				}
			}
			close(ticks)
			<-done

			for sid, n := range seen {
				if n > 1 {
					t.Errorf("%s listed %d times", sid, n)
				}
			}
			missing := 0
			for sid := range existing {
				if !deleted[sid] && seen[sid] == 0 {
					missing++
					t.Errorf("%s existed throughout but was not listed", sid)
				}
			}
			t.Logf("%d pages, %d keys listed, %d of the original keys deleted meanwhile, %d missing", pages, len(seen), len(deleted), missing)
		})
	}
}

// listAll follows next_page_uri from path and returns how often each SID
// was listed.
func listAll(t testing.TB, srv *sandbox.Server, c creds, path, arrayKey string, pageSize int) map[string]int {
	t.Helper()
	seen := map[string]int{}
	next := path + "?" + url.Values{"PageSize": {strconv.Itoa(pageSize)}}.Encode()
	for next != "" {
		r := do(t, srv, http.MethodGet, next, c, nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, r.status, r.body)
		}
		m := r.object(t)
		for _, k := range m[arrayKey].([]any) {
			seen[k.(map[string]any)["sid"].(string)]++
		}
		next, _ = m["next_page_uri"].(string)
	}
	return seen
}
