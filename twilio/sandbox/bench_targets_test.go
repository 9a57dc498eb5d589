package sandbox_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// The sandbox's rows of the README's performance table, at 100,000 keys.
// .ci/bench runs them.

// pageClient keeps an idle connection for each of eight clients, so the
// figures measure the sandbox rather than TCP set-up.
var pageClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}

// firstPage50 returns a request for the first 50 of the demo account's keys.
func firstPage50(srv *sandbox.Server) *http.Request {
	req, err := http.NewRequest(http.MethodGet, srv.URL()+keysPath(srv.AccountSID())+"?PageSize=50", nil)
	if err != nil {
		panic(err)
	}
	req.SetBasicAuth(srv.AccountSID(), srv.AuthToken())
	return req
}

// getPage sends req and reads the answer in full; it returns the body only
// when keep is set, so the loop does not pay for keeping it.
func getPage(req *http.Request, keep bool) ([]byte, error) {
	res, err := pageClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: HTTP %d", req.URL.Path, res.StatusCode)
	}
	if keep {
		return io.ReadAll(res.Body)
	}
	_, err = io.Copy(io.Discard, res.Body)
	return nil, err
}

// checkPage50 makes sure the request really lists 50 keys of 100,000, so
// the benchmark times a real page and not an error.
func checkPage50(b *testing.B, srv *sandbox.Server) {
	b.Helper()
	body, err := getPage(firstPage50(srv), true)
	if err != nil {
		b.Fatal(err)
	}
	var page struct {
		Keys        []json.RawMessage `json:"keys"`
		NextPageURI *string           `json:"next_page_uri"`
	}
	if err := json.Unmarshal(body, &page); err != nil || len(page.Keys) != 50 || page.NextPageURI == nil {
		b.Fatalf("first page of 50: %d keys, next %v, err %v", len(page.Keys), page.NextPageURI, err)
	}
}

// BenchmarkPage50Of100k lists the first page of 50 keys of an account with
// 100,000, over loopback HTTP, one request at a time.
func BenchmarkPage50Of100k(b *testing.B) {
	srv := sandboxtest.Seeded100k(b)
	checkPage50(b, srv)
	req := firstPage50(srv)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := getPage(req, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPage50Of100kClients8 is the same request from eight concurrent
// clients; req/s is the sandbox's throughput.
func BenchmarkPage50Of100kClients8(b *testing.B) {
	const clients = 8
	srv := sandboxtest.Seeded100k(b)
	checkPage50(b, srv)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range clients {
		wg.Go(func() {
			req := firstPage50(srv)
			for next.Add(1) <= int64(b.N) {
				if _, err := getPage(req, false); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkSeed100kToFile is what `twilio-keys sandbox --seed-keys 100000
// --state FILE` does before it listens: create the store file, the demo
// account, and 100,000 keys committed to disk.
func BenchmarkSeed100kToFile(b *testing.B) {
	for b.Loop() {
		h, err := sandbox.NewHandler(sandbox.Options{StatePath: filepath.Join(b.TempDir(), "sandbox.db"), SeedKeys: 100_000})
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
