package ui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// slowAccount is a Service whose account arrives only when release closes.
type slowAccount struct {
	*fakeService
	release chan struct{}
}

func (s slowAccount) FetchAccount(ctx context.Context) (twilio.Account, error) {
	select {
	case <-s.release:
	case <-ctx.Done():
		return twilio.Account{}, ctx.Err()
	}
	return s.fakeService.FetchAccount(ctx)
}

// startCmds runs every Cmd in cmd (batches taken apart) on its own
// goroutine, as Bubble Tea does, and delivers what they return on the
// channel; spinner ticks are left out.
func startCmds(cmd tea.Cmd, out chan<- tea.Msg) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				startCmds(c, out)
			}
			return
		}
		if _, tick := msg.(spinner.TickMsg); !tick && msg != nil {
			out <- msg
		}
	}()
}

func next[T tea.Msg](t *testing.T, msgs <-chan tea.Msg, what string) T {
	t.Helper()
	for {
		select {
		case msg := <-msgs:
			if m, ok := msg.(T); ok {
				return m
			}
		case <-time.After(waitLimit):
			t.Fatalf("no %s", what)
		}
	}
}

// TestKeysAreAskedForBesideTheAccount: Init asks for the keys and the
// account at once, so the first keys arrive after one round trip; they are
// shown before the account arrives, the keys that act wait for it, and the
// header fills in when it comes.
func TestKeysAreAskedForBesideTheAccount(t *testing.T) {
	f := newFake(sampleKeys())
	svc := slowAccount{f, make(chan struct{})}
	m := send(New(testConfig(svc, nil)), tea.WindowSizeMsg{Width: 100, Height: 30})
	msgs := make(chan tea.Msg, 16)
	startCmds(m.Init(), msgs)

	page := next[keysPageMsg](t, msgs, "page of keys while the account was on its way")
	m = send(m, page)
	view := m.View()
	if m.state() != stateList || !strings.Contains(view, f.keys[0].SID) {
		t.Fatalf("the first page is not on screen before the account (screen %q):\n%s", m.state(), view)
	}
	if !strings.Contains(view, "Connecting") || strings.Contains(view, f.account.FriendlyName) {
		t.Errorf("the header should say Connecting… until the account arrives:\n%s", view)
	}
	if m = press(m, "c"); m.state() != stateList {
		t.Errorf("c opened %q before the account arrived; keys that act should wait for it", m.state())
	}

	close(svc.release)
	m = send(m, next[accountMsg](t, msgs, "account"))
	view = m.View()
	if !strings.Contains(view, f.account.FriendlyName) || strings.Contains(view, "Connecting") {
		t.Errorf("the header did not fill in when the account arrived:\n%s", view)
	}
	if m.busy != "" {
		t.Errorf("still busy (%q) after the account arrived", m.busy)
	}
	if f.lists != 1 {
		t.Errorf("%d listings, want the one begun beside the account", f.lists)
	}
}

// pagedFake records the page sizes the console asks a pagedLister for.
type pagedFake struct {
	*fakeService
	first, rest int
}

func (p *pagedFake) ListKeysPaged(ctx context.Context, first, rest int, onPage func([]twilio.Key) error) error {
	p.first, p.rest = first, rest
	return p.ListKeys(ctx, rest, onPage)
}

// TestListingAsksForASmallFirstPage: a Service that can ask for a first
// page of its own size is asked for a small one, then pages of 1,000.
func TestListingAsksForASmallFirstPage(t *testing.T) {
	p := &pagedFake{fakeService: newFake(sampleKeys())}
	m := send(New(testConfig(p, nil)), tea.WindowSizeMsg{Width: 100, Height: 30})
	m = drainListing(m, p)
	if p.first != FirstPageSize || p.rest != PageSize || FirstPageSize > 100 {
		t.Errorf("asked for a first page of %d and then %d, want %d and %d", p.first, p.rest, FirstPageSize, PageSize)
	}
	if n := m.list.store.Total(); n != len(p.keys) {
		t.Errorf("%d keys listed, want %d", n, len(p.keys))
	}
}

// TestListingErrorWaitsForTheAccount: a listing that fails before the
// account arrives says so only once the account is known; if the account is
// refused, the refusal is what the user sees, with no keys.
func TestListingErrorWaitsForTheAccount(t *testing.T) {
	listErr := errors.New("list keys: connection reset by peer")
	t.Run("account arrives", func(t *testing.T) {
		f := newFake(sampleKeys())
		m := send(New(testConfig(f, nil)), tea.WindowSizeMsg{Width: 100, Height: 30})
		m = send(m, keysDoneMsg{gen: m.listing.gen, err: listErr})
		if m.status.text != "" || m.state() != stateConnecting {
			t.Fatalf("before the account: status %q on screen %q, want none on the connecting screen", m.status.text, m.state())
		}
		m = send(m, accountMsg{account: f.account})
		if !strings.Contains(m.status.text, "connection reset") || !m.list.failed {
			t.Errorf("after the account: status %q, list failed %v; want the listing's error", m.status.text, m.list.failed)
		}
	})
	t.Run("account refused", func(t *testing.T) {
		f := newFake(sampleKeys())
		m := send(New(testConfig(f, nil)), tea.WindowSizeMsg{Width: 100, Height: 30})
		m = send(m, keysPageMsg{gen: m.listing.gen, page: []keyEntry{newKeyEntry(f.keys[0])}})
		m = send(m, keysDoneMsg{gen: m.listing.gen, err: listErr})
		m = send(m, accountMsg{err: &twilio.Error{Op: "fetch account", Status: 401, Code: 20003, Message: "Authenticate"}})
		if m.state() != stateAuthFailed || m.status.text != "" || m.list.store.Total() != 0 {
			t.Errorf("screen %q, status %q, %d keys; want the refusal alone", m.state(), m.status.text, m.list.store.Total())
		}
	})
}

// countingService counts the account fetches a Service is asked for.
type countingService struct {
	*fakeService
	fetches atomic.Int32
}

func (c *countingService) FetchAccount(ctx context.Context) (twilio.Account, error) {
	c.fetches.Add(1)
	return c.fakeService.FetchAccount(ctx)
}

// TestReloadAndSwitchTakeOneRequest: a reload (R) and a switch to a
// subaccount each reach their first keys with a single request, the
// listing: the account is known already and is not fetched again.
func TestReloadAndSwitchTakeOneRequest(t *testing.T) {
	family := newFamily(sampleKeys())
	home := &countingService{fakeService: family}
	staging := &countingService{fakeService: family.others[stagingSID]}
	cfg := testConfig(home, nil)
	cfg.ForAccount = func(sid string) (Service, error) { return staging, nil }
	m := send(New(cfg), tea.WindowSizeMsg{Width: 100, Height: 30}, accountMsg{account: family.account})
	m = drainListing(m, home)

	// firstKeys runs cmd as Bubble Tea would until a page of keys arrives,
	// and returns the model with it.
	firstKeys := func(m Model, cmd tea.Cmd) Model {
		t.Helper()
		msgs := make(chan tea.Msg, 16)
		startCmds(cmd, msgs)
		for {
			select {
			case msg := <-msgs:
				if _, ok := msg.(accountMsg); ok {
					t.Fatal("the account was fetched again")
				}
				if page, ok := msg.(keysPageMsg); ok {
					return send(m, page)
				}
			case <-time.After(waitLimit):
				t.Fatal("no page of keys")
			}
		}
	}

	homeLists, homeFetches := family.lists, home.fetches.Load()
	next, cmd := m.Update(keyMsg("R"))
	m = firstKeys(next.(Model), cmd)
	if got := family.lists - homeLists; got != 1 || home.fetches.Load() != homeFetches {
		t.Errorf("reload: %d listings and %d account fetches to the first keys, want 1 and 0", got, home.fetches.Load()-homeFetches)
	}

	m, cmd = m.apply(switchAccount{account: staging.account, svc: staging}, nil)
	m = firstKeys(m, cmd)
	if staging.lists != 1 || staging.fetches.Load() != 0 || home.fetches.Load() != homeFetches {
		t.Errorf("switch: %d listings and %d account fetches to the first keys, want 1 and 0", staging.lists, staging.fetches.Load()+home.fetches.Load()-homeFetches)
	}
	if view := m.View(); !strings.Contains(view, "staging deploy") {
		t.Errorf("the subaccount's keys are not on screen:\n%s", view)
	}
}
