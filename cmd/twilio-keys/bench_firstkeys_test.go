package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/ui"
)

// firstKeysLatency is what the sandbox adds to every request in
// BenchmarkFirstKeys: a round trip to Twilio from far away.
const firstKeysLatency = 150 * time.Millisecond

// keySID is a key SID on screen: the first frame with keys.
var keySID = regexp.MustCompile(`SK[0-9a-f]{32}`)

// BenchmarkFirstKeys times the console from Init to the first frame that
// shows a key SID, against the demo account of a sandbox that answers every
// request after 150 ms, over plain HTTP and over TLS (the sandbox behind
// httptest's TLS server, HTTP/2 offered, its certificate trusted through the
// test's own HTTP client). Each run has a new transport, so it opens its
// connections as a new process does. first-keys-ms is the time, round-trips
// that time in units of 150 ms, conns the connections the server accepted
// (HTTP/2 carries the account and the keys on one).
//
// The latency is added per request, not per packet: TCP's and TLS's
// handshakes cost only their CPU time here, where over a real network each
// costs a round trip more (see the README).
func BenchmarkFirstKeys(b *testing.B) {
	h, err := sandbox.NewHandler(sandbox.Options{Memory: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { h.Close() })
	api := sandbox.Faults{Latency: firstKeysLatency}.Wrap(h)

	for _, sc := range []struct {
		name            string
		tls, preconnect bool
	}{
		{"plain", false, true},
		{"tls", true, true},
		{"tls-no-preconnect", true, false},
	} {
		b.Run(sc.name, func(b *testing.B) {
			var conns atomic.Int64
			srv := httptest.NewUnstartedServer(api)
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			if sc.tls {
				srv.EnableHTTP2 = true
				srv.StartTLS()
			} else {
				srv.Start()
			}
			defer srv.Close()
			base := http.DefaultTransport.(*http.Transport)
			if sc.tls {
				base = srv.Client().Transport.(*http.Transport) // trusts the test certificate, HTTP/2 on
			}

			var total time.Duration
			runs := 0
			conns.Store(0)
			for b.Loop() {
				runs++
				tr := base.Clone()
				client, err := twilio.New(twilio.Credentials{AccountSID: h.AccountSID(), AuthToken: h.AuthToken()},
					twilio.Options{BaseURL: srv.URL, Sandbox: true, Version: "bench", HTTPClient: &http.Client{Transport: tr, Timeout: twilio.DefaultTimeout}})
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				start := time.Now()
				if sc.preconnect {
					client.Preconnect(ctx)
				}
				m := ui.New(ui.Config{Service: client, Source: "bench"})
				loop := &eventLoop{ctx: ctx, model: m, msgs: make(chan tea.Msg)}
				init := m.Init()
				loop.update(tea.WindowSizeMsg{Width: 120, Height: 40})
				loop.run(init)
				for !keySID.MatchString(loop.next(b)) {
				}
				total += time.Since(start)
				cancel()
				tr.CloseIdleConnections()
			}
			ms := float64(total.Microseconds()) / float64(runs) / 1000
			b.ReportMetric(ms, "first-keys-ms")
			b.ReportMetric(ms/float64(firstKeysLatency.Milliseconds()), "round-trips")
			b.ReportMetric(float64(conns.Load())/float64(runs), "conns")
		})
	}
}
