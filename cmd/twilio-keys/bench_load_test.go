package main

import (
	"context"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
	"github.com/twilio-keys/twilio-keys/ui"
)

// The load row of the README's performance table: the console listing
// 100,000 keys from the sandbox over loopback HTTP, with the messages its
// Cmds produce fed back into Update as Bubble Tea would. .ci/bench runs it.

// newSandboxClient is a client as cmd builds one for the embedded sandbox,
// with a transport of its own, so every load starts without open
// connections as a new process does.
func newSandboxClient(b *testing.B, srv *sandbox.Server) (*twilio.Client, *http.Transport) {
	b.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	c, err := twilio.New(twilio.Credentials{AccountSID: srv.AccountSID(), AuthToken: srv.AuthToken()},
		twilio.Options{BaseURL: srv.URL(), Sandbox: true, Version: "bench", HTTPClient: &http.Client{Transport: tr, Timeout: twilio.DefaultTimeout}})
	if err != nil {
		b.Fatal(err)
	}
	return c, tr
}

// pageSize makes the console ask for every page at one size, instead of
// ui.FirstPageSize and then ui.PageSize.
type pageSize struct {
	*twilio.Client
	size int
}

func (p pageSize) ListKeys(ctx context.Context, _ int, onPage func([]twilio.Key) error) error {
	return p.Client.ListKeys(ctx, p.size, onPage)
}

func (p pageSize) ListKeysPaged(ctx context.Context, _, _ int, onPage func([]twilio.Key) error) error {
	return p.Client.ListKeys(ctx, p.size, onPage)
}

// eventLoop is the part of Bubble Tea's event loop a load goes through: each
// Cmd runs on its own goroutine, its message goes through Update, a Batch's
// Cmds run concurrently, and the frame is drawn after every Update, as the
// standard renderer does. Cancelling ctx lets Cmds still pending when the
// benchmark is done (the spinner's next tick) exit.
type eventLoop struct {
	ctx   context.Context
	model tea.Model
	msgs  chan tea.Msg
}

func (l *eventLoop) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	// The goroutine must not hold l, and so the model, past the benchmark:
	// a tick still sleeping would keep 100,000 keys alive into the next run.
	ctx, msgs := l.ctx, l.msgs
	go func() {
		msg := cmd()
		select {
		case msgs <- msg:
		case <-ctx.Done():
		}
	}()
}

func (l *eventLoop) update(msg tea.Msg) string {
	next, cmd := l.model.Update(msg)
	l.model = next
	l.run(cmd)
	return l.model.View()
}

// next waits for the next message and handles it; it returns the frame
// drawn after it, or "" when the message was a Batch or nil.
func (l *eventLoop) next(b *testing.B) string {
	select {
	case msg := <-l.msgs:
		switch msg := msg.(type) {
		case nil:
			return ""
		case tea.BatchMsg:
			for _, cmd := range msg {
				l.run(cmd)
			}
			return ""
		}
		return l.update(msg)
	case <-time.After(time.Minute):
		b.Fatal("no message for a minute: the load is stuck")
		return ""
	}
}

// rowsOnScreen matches the position line once the list draws keys:
// "1–37 of 1,000 · ⠋ Loading… 1,000 keys", then "1–37 of 100,007 keys".
var rowsOnScreen = regexp.MustCompile(`\b1–\d+ of [\d,]+`)

// countText writes n as the console does: 100007 as "100,007".
func countText(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// BenchmarkLoad100k starts the console on the sandbox with 100,000 keys and
// times it until every key is listed: account fetch, every page over
// loopback HTTP, every Update and every frame. first-page-ms is when the
// first keys are on screen, bytes/key the heap the finished model holds
// after a GC (every key, its strings and the list's indexes).
func BenchmarkLoad100k(b *testing.B) {
	srv := sandboxtest.Seeded100k(b)
	client, tr := newSandboxClient(b, srv)
	want := 0
	if err := client.ListKeys(context.Background(), twilio.MaxPageSize, func(p []twilio.Key) error { want += len(p); return nil }); err != nil {
		b.Fatal(err)
	}
	tr.CloseIdleConnections()
	allListed := "of " + countText(want) + " keys"

	// 0 is the console as it is: a first page of ui.FirstPageSize, then ui.PageSize.
	for _, size := range []int{ui.PageSize, 50, 0} {
		name := "page-" + strconv.Itoa(size)
		if size == 0 {
			name = "page-" + strconv.Itoa(ui.FirstPageSize) + "-then-" + strconv.Itoa(ui.PageSize)
		}
		b.Run(name, func(b *testing.B) {
			var firstPage time.Duration
			var held float64
			runs := 0
			for b.Loop() {
				runs++
				b.StopTimer()
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				client, tr := newSandboxClient(b, srv)
				ctx, cancel := context.WithCancel(context.Background())
				b.StartTimer()

				start := time.Now()
				var svc ui.Service = pageSize{client, size}
				if size == 0 {
					svc = client
				}
				m := ui.New(ui.Config{Service: svc, Source: "sandbox"})
				loop := &eventLoop{ctx: ctx, model: m, msgs: make(chan tea.Msg)}
				init := m.Init()
				loop.update(tea.WindowSizeMsg{Width: 120, Height: 40})
				loop.run(init)
				shown := false
				for {
					frame := loop.next(b)
					if !shown && rowsOnScreen.MatchString(frame) {
						shown = true
						firstPage += time.Since(start)
					}
					if strings.Contains(frame, allListed) && !strings.Contains(frame, "Loading") {
						break
					}
				}

				b.StopTimer()
				cancel()
				tr.CloseIdleConnections()
				runtime.GC()
				var after runtime.MemStats
				runtime.ReadMemStats(&after)
				held = (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(want)
				runtime.KeepAlive(loop.model)
				b.StartTimer()
			}
			b.ReportMetric(float64(firstPage.Microseconds())/float64(runs)/1000, "first-page-ms")
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(runs), "total-ms")
			b.ReportMetric(held, "bytes/key")
		})
	}
}
