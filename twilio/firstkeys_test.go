package twilio

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestListKeysPagedAsksForLargerLaterPages: the first request asks for the
// first size, and each next_page_uri that carries a PageToken is followed at
// the later size; one without a token is followed as Twilio gave it.
func TestListKeysPagedAsksForLargerLaterPages(t *testing.T) {
	base := "/2010-04-01/Accounts/" + testAC + "/Keys.json"
	f := newFakeTwilio(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("Page") {
		case "":
			reply(200, keysPage(base+"?PageSize=50&Page=1&PageToken=PASKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", keyBody("SK00000000000000000000000000000010", "a")))(w, r)
		case "1":
			reply(200, keysPage(base+"?PageSize=1000&Page=2", keyBody("SK00000000000000000000000000000011", "b")))(w, r)
		default:
			reply(200, keysPage("", keyBody("SK00000000000000000000000000000012", "c")))(w, r)
		}
	})
	c, _ := newTestClient(t, f, tokenCreds)
	pages := 0
	if err := c.ListKeysPaged(context.Background(), 50, 1000, func([]Key) error { pages++; return nil }); err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, r := range f.requests() {
		got = append(got, r.Query)
	}
	want := []string{"PageSize=50", "Page=1&PageSize=1000&PageToken=PASKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "PageSize=1000&Page=2"}
	if pages != 3 || len(got) != len(want) {
		t.Fatalf("%d pages from requests %q, want 3 from %q", pages, got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d asked %q, want %q", i+1, got[i], want[i])
		}
	}
}

// TestPreconnectOpensAConnectionTheFirstRequestUses: Preconnect opens a
// connection without sending anything on it, and keeps it for the request
// after it.
func TestPreconnectOpensAConnectionTheFirstRequestUses(t *testing.T) {
	var conns, requests atomic.Int32
	opened := make(chan struct{}, 8)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		reply(200, accountBody(testAC, testAC, "Acme"))(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
			opened <- struct{}{}
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	// One connection at most: the request waits for the one Preconnect
	// dials rather than racing it with a dial of its own, so a second
	// connection means Preconnect's was closed instead of kept.
	hc := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	t.Cleanup(hc.CloseIdleConnections)
	c, err := New(tokenCreds, Options{BaseURL: srv.URL, HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	c.Preconnect(context.Background())
	select {
	case <-opened:
	case <-time.After(10 * time.Second):
		t.Fatal("Preconnect opened no connection")
	}
	if n := requests.Load(); n != 0 {
		t.Fatalf("Preconnect sent %d requests, want none", n)
	}
	if _, err := c.FetchAccount(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections after Preconnect and one request, want 1", n)
	}
}

// TestPreconnectOverHTTP2SharesOneConnection: over https, requests sent
// while Preconnect's dial runs wait for it, and HTTP/2 carries them all on
// that one connection instead of a dial each.
func TestPreconnectOverHTTP2SharesOneConnection(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			t.Errorf("request over %s, want HTTP/2", r.Proto)
		}
		reply(200, accountBody(testAC, testAC, "Acme"))(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	// The test server's certificate, trusted by this HTTP client only.
	tr := srv.Client().Transport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	c, err := New(tokenCreds, Options{BaseURL: srv.URL, HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	c.Preconnect(context.Background())
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := c.FetchAccount(context.Background())
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	// The first request waits for the dial and the others for the first to
	// have its connection. It wakes when the TLS handshake is done, a moment
	// before net/http puts the connection in its HTTP/2 pool, so it may dial
	// a second; the others always share the first's. Without the waits each
	// dials its own.
	if n := conns.Load(); n > 2 {
		t.Errorf("%d connections for Preconnect and 3 concurrent requests, want 1 (2 at most)", n)
	}
}
