package sandbox_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// benchClient keeps enough idle connections for every benchmark client, so
// the numbers measure the sandbox and not TCP set-up.
var benchClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

func benchGet(b *testing.B, srv *sandbox.Server, path string, c creds) {
	req, _ := http.NewRequest(http.MethodGet, srv.URL()+path, nil)
	req.SetBasicAuth(c.user, c.pass)
	res, err := benchClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d", path, res.StatusCode)
	}
}

// BenchmarkListPage50 lists one page of 50 keys, from an account with
// 10,000, over loopback HTTP.
func BenchmarkListPage50(b *testing.B) {
	srv := sandboxtest.Start(b, sandbox.Options{SeedKeys: 10_000})
	admin := demoCreds(srv)
	path := keysPath(srv.AccountSID()) + "?PageSize=50"
	for b.Loop() {
		benchGet(b, srv, path, admin)
	}
}

// BenchmarkParallel8Clients is the throughput of eight clients at once,
// listing pages and creating keys, over loopback HTTP.
func BenchmarkParallel8Clients(b *testing.B) {
	const clients = 8
	srv := sandboxtest.Start(b, sandbox.Options{SeedKeys: 10_000})
	admin := demoCreds(srv)
	acct := srv.AccountSID()
	ops := map[string]func(){
		"list": func() { benchGet(b, srv, keysPath(acct)+"?PageSize=50", admin) },
		"create": func() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL()+keysPath(acct), strings.NewReader("FriendlyName=bench"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(admin.user, admin.pass)
			res, err := benchClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusCreated {
				b.Errorf("create: %d", res.StatusCode)
			}
		},
	}
	for _, name := range []string{"list", "create"} {
		op := ops[name]
		b.Run(name, func(b *testing.B) {
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			for range clients {
				wg.Go(func() {
					for next.Add(1) <= int64(b.N) {
						op()
					}
				})
			}
			wg.Wait()
		})
	}
}

// BenchmarkSeed100k opens a fresh store and adds 100,000 generated keys in
// one transaction.
func BenchmarkSeed100k(b *testing.B) {
	for b.Loop() {
		h, err := sandbox.NewHandler(sandbox.Options{Memory: true, SeedKeys: 100_000})
		if err != nil {
			b.Fatal(err)
		}
		h.Close()
	}
}
