package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// inventoryFake is newFamily's accounts with an Inventory, as *twilio.Client
// has one: each account's keys in pages, a closed account skipped, and the
// accounts in failing ending with their error. The concurrency is the
// client's (tested against the sandbox in package twilio); this delivers
// the pages one after another, as Inventory hands them on.
type inventoryFake struct {
	*fakeService
	failing  map[string]error
	pageSize int
}

func newInventoryFake(keys []twilio.Key) inventoryFake {
	return inventoryFake{
		fakeService: newFamily(keys),
		failing: map[string]error{suspendedSID: &twilio.Error{Op: "list keys", Status: 403, Code: 20403,
			Message: "Permission \x1b[2Jdenied"}},
		pageSize: 1,
	}
}

func (f inventoryFake) Inventory(ctx context.Context, _ twilio.InventoryOptions, onPage func(twilio.InventoryPage) error) error {
	for _, a := range append([]twilio.Account{f.account}, f.subaccounts...) {
		svc := f.fakeService
		if a.SID != f.account.SID {
			svc = f.others[a.SID]
		}
		var err error
		switch {
		case a.Status == twilio.AccountStatusClosed:
			if err := onPage(twilio.InventoryPage{Account: a, Done: true, Skipped: true}); err != nil {
				return err
			}
			continue
		case f.failing[a.SID] != nil:
			err = f.failing[a.SID]
		default:
			err = svc.ListKeys(ctx, f.pageSize, func(keys []twilio.Key) error {
				return onPage(twilio.InventoryPage{Account: a, Keys: keys})
			})
		}
		if err := onPage(twilio.InventoryPage{Account: a, Done: true, Err: err}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// everyAccountOpen is the console with the key list loaded, after A, with
// pages of the inventory delivered (all of them when pages < 0).
func everyAccountOpen(t testing.TB, f inventoryFake, w, h int, maxAge time.Duration, pages int) Model {
	t.Helper()
	cfg := testConfig(f, nil)
	cfg.ForAccount, cfg.MaxAge = f.forAccount, maxAge
	m := send(New(cfg), tea.WindowSizeMsg{Width: w, Height: h})
	m = send(m, fetchAccountCmd(testCtx, f)())
	m = drainListing(m, f)
	m = press(m, "A")
	e, ok := m.front.(everyAccountScreen)
	if !ok {
		t.Fatalf("A opened %T, want the all-accounts view", m.front)
	}
	cmd := inventoryCmd(e.ctx, f)
	for n := 0; cmd != nil && n != pages; n++ {
		msg := cmd()
		cmd = nil
		if p, ok := msg.(everyPageMsg); ok {
			cmd = p.next
		}
		m = send(m, msg)
	}
	return m
}

var everyAccountCases = []struct {
	name  string
	setup func(t *testing.T, w, h int) Model
}{
	{"every_account", func(t *testing.T, w, h int) Model {
		return everyAccountOpen(t, newInventoryFake(sampleKeys()), w, h, 90*day, -1)
	}},
	{"every_account_loading", func(t *testing.T, w, h int) Model {
		return everyAccountOpen(t, newInventoryFake(sampleKeys()), w, h, 90*day, 3)
	}},
	{"every_account_filtered", func(t *testing.T, w, h int) Model {
		return typeText(press(everyAccountOpen(t, newInventoryFake(sampleKeys()), w, h, 90*day, -1), "/"), "staging")
	}},
	{"list_stale_selected", func(t *testing.T, w, h int) Model {
		cfg := testConfig(newFake(sampleKeys()), nil)
		cfg.MaxAge = 90 * day
		m := send(New(cfg), tea.WindowSizeMsg{Width: w, Height: h})
		m = drainListing(send(m, fetchAccountCmd(testCtx, cfg.Service)()), cfg.Service)
		return press(m, "j", "j", "j") // Webhooks PROD, exactly 90 days old
	}},
}

// TestEveryAccountViews compares the all-accounts view, and the key list
// with a key due for rotation selected, with their golden files.
func TestEveryAccountViews(t *testing.T) {
	for _, c := range everyAccountCases {
		t.Run(c.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					m := c.setup(t, size[0], size[1])
					frame := m.View()
					requireFits(t, frame, m.width, m.height)
					golden.RequireEqual(t, []byte(frame))
				})
			}
		})
	}
}

// TestEveryAccountListsEveryAccount: every key of every account, each with
// its account; the closed account said so, the failing one with its error
// in its row; the counts in the position line.
func TestEveryAccountListsEveryAccount(t *testing.T) {
	f := newInventoryFake(sampleKeys())
	m := everyAccountOpen(t, f, 160, 40, 90*day, -1)
	e := frontOf[everyAccountScreen](m)
	if e.loading || e.list.store.Total() != 7+2+2 { // 7 keys, 2 in staging, a row each for the closed and the failing account
		t.Fatalf("loading %v, %d rows", e.loading, e.list.store.Total())
	}
	frame := m.View()
	for _, want := range []string{
		"ACCOUNT", "Acme Staging          staging deploy", "Acme Production       ci-deploy",
		"Acme 2019 Pilot       " + closedSID + "  closed: skipped",
		"Acme Legacy           " + suspendedSID + "  ✗ ",
		"Permission ^[[2Jdenied",
		"1–11 of 11 · 9 keys in 4 accounts · 1 closed · ✗ 1 failed",
		"! due for rotation (90d or older)",
	} {
		if !strings.Contains(frame, want) {
			t.Errorf("the view lacks %q:\n%s", want, frame)
		}
	}
	if strings.Contains(frame, "\x1b[2J") {
		t.Error("a server's escape sequence reached the screen")
	}
	// Problems first: the closed and the failing account head the list.
	for row := range 2 {
		if sid := e.list.store.Row(row).key.SID; sid != closedSID && sid != suspendedSID {
			t.Errorf("row %d is %s, want an account's problem", row, sid)
		}
	}
}

// TestEveryAccountIsProgressive: the first pages are on screen, with the
// loading note, before the rest arrive.
func TestEveryAccountIsProgressive(t *testing.T) {
	m := everyAccountOpen(t, newInventoryFake(sampleKeys()), 120, 40, 0, 2)
	e := frontOf[everyAccountScreen](m)
	frame := m.View()
	if !e.loading || e.list.store.Total() != 2 || !strings.Contains(frame, "of 2 · 2 keys in 1 account") || !strings.Contains(frame, "Loading…") {
		t.Fatalf("after two pages: loading %v, %d keys:\n%s", e.loading, e.list.store.Total(), frame)
	}
}

// TestEveryAccountFilter: the filter finds keys by name, SID or their
// account's name, and an account's problem row by its name.
func TestEveryAccountFilter(t *testing.T) {
	m := everyAccountOpen(t, newInventoryFake(sampleKeys()), 120, 40, 0, -1)
	for query, want := range map[string]int{"staging": 2, "legacy": 2, "prod": 7, "pilot": 1, "sk00000000000000000000000000000003": 1} {
		e := frontOf[everyAccountScreen](typeText(press(m, "/"), query))
		if n := e.list.store.Len(); n != want {
			t.Errorf("filter %q: %d rows, want %d", query, n, want)
		}
	}
}

// TestEveryAccountEnter: enter on a key opens its account's key list; on the
// closed account it says why not; esc goes back to the key list.
func TestEveryAccountEnter(t *testing.T) {
	m := everyAccountOpen(t, newInventoryFake(sampleKeys()), 120, 40, 0, -1)
	m = press(typeText(press(m, "/"), "staging deploy"), "enter", "enter")
	if m.state() != stateList || m.account.SID != stagingSID {
		t.Fatalf("enter on a staging key: %s in front, account %s; want staging's key list", m.state(), m.account.SID)
	}

	m = everyAccountOpen(t, newInventoryFake(sampleKeys()), 120, 40, 0, -1)
	m = press(typeText(press(m, "/"), "pilot"), "enter", "enter")
	if m.state() != stateEveryAccount || !strings.Contains(m.View(), "Acme 2019 Pilot is closed: its keys cannot be shown.") {
		t.Fatalf("enter on the closed account:\n%s", m.View())
	}
	if m = press(m, "esc", "esc"); m.state() != stateList || m.account.SID != newFake(nil).account.SID {
		t.Fatalf("esc: %s in front, account %s", m.state(), m.account.SID)
	}
	// The view's words for enter stay in the view.
	if frame := m.View(); !strings.Contains(frame, "enter details") || strings.Contains(frame, "open its account") {
		t.Fatalf("back in the key list, the footer says:\n%s", frame)
	}
}

// TestStaleMarkAndRotateHint: with --max-age 90d a key exactly 90 days old
// is marked and, when selected, the status line suggests o; a key of 40
// days is not; --max-age 0 marks nothing.
func TestStaleMarkAndRotateHint(t *testing.T) {
	load := func(maxAge time.Duration) Model {
		cfg := testConfig(newFake(sampleKeys()), nil)
		cfg.MaxAge = maxAge
		m := send(New(cfg), tea.WindowSizeMsg{Width: 120, Height: 40})
		return drainListing(send(m, fetchAccountCmd(testCtx, cfg.Service)()), cfg.Service)
	}
	m := press(load(90*day), "j", "j", "j")
	frame := m.View()
	for _, want := range []string{
		"Webhooks PROD                                              SK00000000000000000000000000000004  2026-08-31 12:00  3mo!",
		"Local dev (Ana)                                            SK00000000000000000000000000000003  2026-10-20 12:00  40d\n",
		"Due for rotation: 90 days old (--max-age 90d). o rotates it.",
	} {
		if !strings.Contains(frame, want) {
			t.Errorf("lacks %q:\n%s", want, frame)
		}
	}
	if frame := press(m, "k").View(); strings.Contains(frame, "Due for rotation") {
		t.Errorf("a 40-day-old key is selected, yet:\n%s", frame)
	}
	// A user who may not rotate is not told to press o.
	cfg := testConfig(newFake(sampleKeys()), nil)
	cfg.MaxAge, cfg.Allowed = 90*day, func(a Action) bool { return a != ActionRotate }
	viewer := press(drainListing(send(send(New(cfg), tea.WindowSizeMsg{Width: 120, Height: 40}), fetchAccountCmd(testCtx, cfg.Service)()), cfg.Service), "j", "j", "j")
	if frame := viewer.View(); !strings.Contains(frame, "Due for rotation: 90 days old (--max-age 90d).\n") {
		t.Errorf("without rotate allowed:\n%s", frame)
	}
	if frame := press(load(0), "j", "j", "j").View(); strings.Contains(frame, "3mo!") || strings.Contains(frame, "Due for rotation") {
		t.Errorf("--max-age 0 marked a key:\n%s", frame)
	}
}

// TestEveryAccountStopsWhenLeft: esc cancels the inventory, so that nothing
// keeps listing accounts behind the key list.
func TestEveryAccountStopsWhenLeft(t *testing.T) {
	m := everyAccountOpen(t, newInventoryFake(sampleKeys()), 120, 40, 0, 1)
	e := frontOf[everyAccountScreen](m)
	press(m, "esc")
	if !errors.Is(e.ctx.Err(), context.Canceled) {
		t.Fatal("the inventory's context is still live after esc")
	}
}
