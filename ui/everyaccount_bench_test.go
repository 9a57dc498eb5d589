package ui

import (
	"context"
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// The all-accounts rows of the README's performance table: 200 subaccounts
// of 500 keys each (100,000 keys, shaped as in the other benchmarks), listed
// into the view page by page as the client delivers them. .ci/bench runs it.

// manyAccounts is an Inventory over subs accounts of per keys each: every
// account's keys in one page, as pages of 1,000 bring them, accounts one
// after another, each a year of creation dates like the others.
type manyAccounts struct {
	*fakeService
	accounts []twilio.Account
	keys     []twilio.Key
	per      int
}

func newManyAccounts(subs, per int) manyAccounts {
	m := manyAccounts{fakeService: newFake(nil), keys: seededKeys(subs * per), per: per}
	for i := range subs {
		m.accounts = append(m.accounts, twilio.Account{SID: fmt.Sprintf("AC%032x", 0xacc000+i),
			FriendlyName: fmt.Sprintf("%s-%03d", []string{"eu-sms", "us-voice", "apac-verify", "latam-whatsapp"}[i%4], i+1),
			Status:       "active", OwnerAccountSID: m.account.SID})
	}
	return m
}

func (m manyAccounts) Inventory(ctx context.Context, _ twilio.InventoryOptions, onPage func(twilio.InventoryPage) error) error {
	for i, a := range m.accounts {
		// Account i gets every len(accounts)-th key, so each spans the year.
		page := make([]twilio.Key, 0, m.per)
		for k := i; k < len(m.keys); k += len(m.accounts) {
			page = append(page, m.keys[k])
		}
		if err := onPage(twilio.InventoryPage{Account: a, Keys: page}); err != nil {
			return err
		}
		if err := onPage(twilio.InventoryPage{Account: a, Done: true}); err != nil {
			return err
		}
	}
	return nil
}

// everyAccountOf100k is the all-accounts view at 120x40 over 200 × 500
// keys, loaded, the cursor half-way down.
func everyAccountOf100k(b *testing.B) Model {
	b.Helper()
	f := newManyAccounts(200, 500)
	cfg := testConfig(f, nil)
	m := send(New(cfg), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = drainListing(send(m, fetchAccountCmd(testCtx, f)()), f)
	m = press(m, "A")
	e := m.front.(everyAccountScreen)
	for cmd := inventoryCmd(e.ctx, f); cmd != nil; {
		msg := cmd()
		cmd = nil
		if p, ok := msg.(everyPageMsg); ok {
			cmd = p.next
		}
		m = send(m, msg)
	}
	e = m.front.(everyAccountScreen)
	if got := e.list.store.Total(); got != 100_000 {
		b.Fatalf("%d keys listed, want 100,000", got)
	}
	e.list.moveTo(50_000)
	m.front = e
	return m
}

// BenchmarkEveryAccountFrame100k draws one 120x40 frame of the all-accounts
// view over 100,000 keys in 200 accounts.
func BenchmarkEveryAccountFrame100k(b *testing.B) {
	m := everyAccountOf100k(b)
	for _, p := range benchProfiles {
		b.Run(p.name, func(b *testing.B) {
			useProfile(b, p.profile)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkEveryAccountFilter100k is one filter keystroke (Update and the
// View after it) in the all-accounts view over 100,000 keys in 200
// accounts, as BenchmarkFilter100k does it in the key list: "prod-" narrowed
// to "prod-b" and back.
func BenchmarkEveryAccountFilter100k(b *testing.B) {
	m := typeText(press(everyAccountOf100k(b), "/"), "prod-")
	if e := frontOf[everyAccountScreen](m); e.list.store.Len() != 25_000 {
		got := e.list.store.Len()
		b.Fatalf(`"prod-" matches %d keys, want 25,000`, got)
	}
	for _, p := range benchProfiles {
		b.Run(p.name, func(b *testing.B) {
			useProfile(b, p.profile)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m = filterKeystroke(m, i)
				i++
			}
			if i%2 == 1 {
				m = filterKeystroke(m, i)
			}
			if e := frontOf[everyAccountScreen](m); e.list.store.query != "prod-" {
				q := e.list.store.query
				b.Fatalf("filter drifted to %q", q)
			}
		})
	}
}
