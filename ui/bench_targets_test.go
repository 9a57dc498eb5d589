package ui

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// The benchmarks behind the README's performance table, over keys shaped as
// the sandbox's --seed-keys makes them: "prod-billing-worker-00042", random
// 32-hex SIDs, a year of creation dates. .ci/bench runs them.

// seededKeyNames are the names the sandbox cycles through for generated keys.
var seededKeyNames = []string{
	"prod-billing-worker", "staging-sms-notifier", "ci-deploy-bot", "prod-sms-gateway",
	"analytics-export", "dev-webhook-relay", "qa-load-tester", "support-callback",
}

// seededKeys makes n keys, newest first, each string allocated on its own as
// a JSON decoder leaves them. The SIDs come from a fixed seed, so every run
// draws and filters the same text.
func seededKeys(n int) []twilio.Key {
	rng := rand.New(rand.NewPCG(42, 100_000))
	keys := make([]twilio.Key, n)
	for i := range keys {
		created := fakeNow.Add(-365 * 24 * time.Hour * time.Duration(i+1) / time.Duration(n))
		updated := created
		if i%5 == 0 { // some keys were renamed since
			updated = created.Add(time.Duration(rng.IntN(30*24)) * time.Hour)
		}
		keys[i] = twilio.Key{
			SID:          fmt.Sprintf("SK%016x%016x", rng.Uint64(), rng.Uint64()),
			FriendlyName: fmt.Sprintf("%s-%05d", seededKeyNames[i%len(seededKeyNames)], i+1),
			DateCreated:  created,
			DateUpdated:  updated,
		}
	}
	return keys
}

// listOf100k is the console at 120x40 with 100,000 keys listed and the
// cursor half-way down.
func listOf100k(b *testing.B) Model {
	b.Helper()
	m := loaded(b, newFake(seededKeys(100_000)), 120, 40)
	m.list.moveTo(50_000)
	return m
}

// useProfile draws in a colour profile for one benchmark. TestMain pins
// ASCII for the goldens; a terminal in tmux (TERM=xterm-256color) gets ANSI256,
// and every style then writes escape sequences too.
func useProfile(b *testing.B, p termenv.Profile) {
	lipgloss.SetColorProfile(p)
	b.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
}

var benchProfiles = []struct {
	name    string
	profile termenv.Profile
}{{"ascii", termenv.Ascii}, {"ansi256", termenv.ANSI256}}

// BenchmarkFrame100k draws one 120x40 frame with 100,000 keys listed:
// "frame" is the whole screen as Bubble Tea draws it (header, key list,
// status and key help), "rows" the key list alone.
func BenchmarkFrame100k(b *testing.B) {
	m := listOf100k(b)
	for _, p := range benchProfiles {
		b.Run("frame-"+p.name, func(b *testing.B) {
			useProfile(b, p.profile)
			b.ReportAllocs()
			for b.Loop() {
				_ = m.View()
			}
		})
		b.Run("rows-"+p.name, func(b *testing.B) {
			useProfile(b, p.profile)
			spin := m.spinner.View()
			b.ReportAllocs()
			for b.Loop() {
				_ = m.list.view(m.styles, spin)
			}
		})
	}
}

// filteringProd is the console with the filter field open on "prod-", which
// 25,000 of the 100,000 keys match.
func filteringProd(b *testing.B) Model {
	b.Helper()
	m := typeText(press(listOf100k(b), "/"), "prod-")
	if got := m.list.store.Len(); got != 25_000 {
		b.Fatalf(`"prod-" matches %d keys, want 25,000`, got)
	}
	return m
}

// filterKeystroke is one keystroke in the filter field and the frame after it.
// Even iterations narrow "prod-" to "prod-b" (12,500 keys, searching only the
// current matches); odd ones press backspace, widening back to "prod-", which
// searches all 100,000 keys again.
func filterKeystroke(m Model, i int) Model {
	msg := keyMsg("b")
	if i%2 == 1 {
		msg = keyMsg("backspace")
	}
	next, _ := m.Update(msg)
	m = next.(Model)
	_ = m.View()
	return m
}

// BenchmarkFilter100k is one filter keystroke (Update and the View after it)
// over 100,000 keys.
func BenchmarkFilter100k(b *testing.B) {
	m := filteringProd(b)
	for _, p := range benchProfiles {
		b.Run(p.name, func(b *testing.B) {
			useProfile(b, p.profile)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				m = filterKeystroke(m, i)
				i++
			}
			if i%2 == 1 { // leave "prod-" for the next sub-benchmark
				m = filterKeystroke(m, i)
			}
			if q := m.list.store.query; q != "prod-" {
				b.Fatalf("filter drifted to %q", q)
			}
		})
	}
}
