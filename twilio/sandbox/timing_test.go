package sandbox_test

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
)

// TestRefusalTimingHidesWhichSIDsExist: a wrong secret for a key that
// exists must cost what a secret for a key that does not exist costs, and
// a wrong token for an account likewise, or the answer's timing tells a
// caller which SIDs exist. The classes are measured in one interleaved,
// shuffled loop, straight on the handler (no network noise to hide a
// difference in), and compared by their medians block by block. The yard
// stick is the difference between two classes that must cost the same (two
// unknown SIDs): a known SID may differ from the unknown ones by at most
// three times that noise plus 2% of a request. A statistical comparison of
// classes measured together, not a wall-clock assertion.
func TestRefusalTimingHidesWhichSIDsExist(t *testing.T) {
	if testing.Short() {
		t.Skip("measures many requests")
	}
	if raceEnabled {
		t.Skip("the race detector changes what things cost (see raceEnabled)")
	}
	h, err := sandbox.NewHandler(sandbox.Options{Memory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	account, token := h.AccountSID(), h.AuthToken()

	// A key with a secret, named as keys usually are.
	req := httptest.NewRequest(http.MethodPost, keysPath(account), strings.NewReader(url.Values{"FriendlyName": {"prod-billing-worker"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(account, token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	known := rec.Body.String()
	knownKey := known[strings.Index(known, `"sid":"`)+7:][:34]

	wrongSecret := strings.Repeat("A", 32)
	classes := []struct{ name, user, pass string }{
		{"known key, wrong secret", knownKey, wrongSecret},
		{"unknown key", "SK" + strings.Repeat("1", 32), wrongSecret},
		{"another unknown key", "SK" + strings.Repeat("e", 32), wrongSecret},
		{"known account, wrong token", account, strings.Repeat("0", 32)},
		{"unknown account", "AC" + strings.Repeat("1", 32), strings.Repeat("0", 32)},
		{"another unknown account", "AC" + strings.Repeat("e", 32), strings.Repeat("0", 32)},
	}
	reqs := make([]*http.Request, len(classes))
	for i, c := range classes {
		reqs[i] = httptest.NewRequest(http.MethodGet, keysPath(account), nil)
		reqs[i].SetBasicAuth(c.user, c.pass)
	}
	const blocks, perBlock = 7, 600
	samples := make([][][]time.Duration, blocks)
	order := make([]int, len(classes))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(4, 11))
	for b := range samples {
		samples[b] = make([][]time.Duration, len(classes))
		for range perBlock {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, c := range order {
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, reqs[c])
				d := time.Since(start)
				if rec.Code != http.StatusUnauthorized {
					t.Fatalf("%s: %d", classes[c].name, rec.Code)
				}
				samples[b][c] = append(samples[b][c], d)
			}
		}
	}
	med := func(ds []time.Duration) float64 {
		s := slices.Clone(ds)
		slices.Sort(s)
		return float64(s[len(s)/2])
	}
	// Known (k) against the two unknowns (u1, u2), for keys and accounts.
	for _, g := range [][3]int{{0, 1, 2}, {3, 4, 5}} {
		var diffs, noises, all []float64
		for b := range samples {
			k, u1, u2 := med(samples[b][g[0]]), med(samples[b][g[1]]), med(samples[b][g[2]])
			diffs = append(diffs, k-(u1+u2)/2)
			noises = append(noises, abs(u1-u2))
			all = append(all, u1)
		}
		slices.Sort(diffs)
		slices.Sort(all)
		diff, noise, typical := diffs[len(diffs)/2], slices.Max(noises), all[len(all)/2]
		allowed := 3*noise + 0.02*typical
		t.Logf("%s vs %s: median difference %+.2f µs over %d blocks of %d; noise between the two unknown classes up to %.2f µs; a request %.2f µs; allowed %.2f µs",
			classes[g[0]].name, classes[g[1]].name, diff/1e3, blocks, perBlock, noise/1e3, typical/1e3, allowed/1e3)
		if abs(diff) > allowed {
			t.Errorf("%s: refusals differ by %.2f µs from unknown SIDs' (allowed %.2f µs): timing tells which SIDs exist", classes[g[0]].name, diff/1e3, allowed/1e3)
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
