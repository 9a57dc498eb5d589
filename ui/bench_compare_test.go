//go:build bubblescompare

// The console's key list against bubbles' list.Model (v1.0.0, default
// delegate) holding the same 100,000 keys at the same size. It builds only
// with -tags bubblescompare, which .ci/bench sets, so that a plain
// go test -bench measures only this project's code.

package ui

import (
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/list"
	"github.com/charmbracelet/bubbles/paginator"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// bubblesKey is a key as a list.Item. The filter text is built once, as the
// console's keyEntry.search is, so neither list pays for it per keystroke.
type bubblesKey struct {
	key    twilio.Key
	filter string
}

func (k bubblesKey) Title() string { return k.key.FriendlyName }

// Description shows the console's other columns: SID, created, updated.
func (k bubblesKey) Description() string {
	return k.key.SID + "  " + k.key.DateCreated.Local().Format(listTimeLayout) +
		"  " + k.key.DateUpdated.Local().Format(listTimeLayout)
}

func (k bubblesKey) FilterValue() string { return k.filter }

func bubblesListOf(keys []twilio.Key) list.Model {
	items := make([]list.Item, len(keys))
	for i, k := range keys {
		items[i] = bubblesKey{key: k, filter: k.FriendlyName + " " + k.SID}
	}
	l := list.New(items, list.NewDefaultDelegate(), 120, 40)
	l.Title = "API keys"
	l.FilterInput.Cursor.SetMode(cursor.CursorStatic) // as the console's filter field
	return l
}

// bubblesKeystroke drives list.Model as Bubble Tea would: Update, then the
// filter Cmd it returns (list.Model ranks matches off the event loop), its
// message fed back, and the frame after that.
func bubblesKeystroke(b *testing.B, l list.Model, msg tea.KeyMsg) list.Model {
	l, cmd := l.Update(msg)
	if cmd == nil {
		b.Fatalf("list.Model returned no filter Cmd for %q", msg)
	}
	matches, ok := cmd().(list.FilterMatchesMsg)
	if !ok {
		b.Fatalf("list.Model's Cmd for %q is not its filter", msg)
	}
	l, _ = l.Update(matches)
	_ = l.View()
	return l
}

// ratio runs ours and theirs alternately in one loop, so both see the same
// machine load, and reports how many times longer theirs takes. It returns
// how many iterations ran.
func ratio(b *testing.B, ours, theirs func(i int)) (iterations int) {
	var oursTime, theirsTime time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		ours(i)
		mid := time.Now()
		theirs(i)
		oursTime += mid.Sub(start)
		theirsTime += time.Since(mid)
		i++
	}
	b.ReportMetric(float64(oursTime.Microseconds())/float64(i)/1000, "ours-ms")
	b.ReportMetric(float64(theirsTime.Microseconds())/float64(i)/1000, "bubbles-ms")
	b.ReportMetric(float64(theirsTime)/float64(oursTime), "ratio")
	return i
}

// bubblesVariants are list.Model as it comes (a dot per page under the
// list: about 9,000 of them at 100,000 keys) and with the page number shown
// as "1/9091", which anyone listing that many items would choose.
var bubblesVariants = []struct {
	name  string
	pager paginator.Type
}{{"default", paginator.Dots}, {"arabic-pager", paginator.Arabic}}

// compare runs the console's op, each list.Model variant's op, and each
// variant against the console in one interleaved loop for the ratio. Every
// op takes the iteration number and must leave its model as it found it
// after an even number of calls.
func compare(b *testing.B, ours func(i int), theirs []func(i int)) {
	loop := func(b *testing.B, op func(i int)) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			op(i)
			i++
		}
		if i%2 == 1 {
			op(i)
		}
	}
	b.Run("twilio-keys", func(b *testing.B) { loop(b, ours) })
	for v, op := range theirs {
		b.Run("bubbles-list-"+bubblesVariants[v].name, func(b *testing.B) { loop(b, op) })
	}
	for v, op := range theirs {
		b.Run("ratio-"+bubblesVariants[v].name, func(b *testing.B) {
			i := ratio(b, ours, op)
			if i%2 == 1 {
				ours(i)
				op(i)
			}
		})
	}
}

// BenchmarkCompareFrame100k draws one 120x40 frame with 100,000 keys and
// the cursor half-way down, in the console and in list.Model.
func BenchmarkCompareFrame100k(b *testing.B) {
	m := listOf100k(b)
	keys := seededKeys(100_000)
	var theirs []func(int)
	for _, v := range bubblesVariants {
		l := bubblesListOf(keys)
		l.Paginator.Type = v.pager
		l.Select(50_000)
		theirs = append(theirs, func(int) { _ = l.View() })
	}
	useProfile(b, termenv.ANSI256)
	compare(b, func(int) { _ = m.View() }, theirs)
}

// BenchmarkCompareFilter100k is one filter keystroke and the frame after it,
// over 100,000 keys, alternating "b" and backspace after "prod-" in both.
// list.Model's filter is fuzzy and ranks its matches; the console's is a
// substring match in list order.
func BenchmarkCompareFilter100k(b *testing.B) {
	m := filteringProd(b)
	keys := seededKeys(100_000)
	lists := make([]list.Model, len(bubblesVariants))
	var theirs []func(int)
	for v := range bubblesVariants {
		l := bubblesListOf(keys)
		l.Paginator.Type = bubblesVariants[v].pager
		l, _ = l.Update(keyMsg("/"))
		for _, r := range "prod-" {
			l = bubblesKeystroke(b, l, keyMsg(string(r)))
		}
		if l.FilterState() != list.Filtering || len(l.VisibleItems()) == 0 {
			b.Fatalf("list.Model is not filtering on \"prod-\": state %v, %d matches", l.FilterState(), len(l.VisibleItems()))
		}
		lists[v] = l
		theirs = append(theirs, func(i int) {
			msg := keyMsg("b")
			if i%2 == 1 {
				msg = keyMsg("backspace")
			}
			lists[v] = bubblesKeystroke(b, lists[v], msg)
		})
	}
	useProfile(b, termenv.ANSI256)
	compare(b, func(i int) { m = filterKeystroke(m, i) }, theirs)
	for _, l := range lists {
		if m.list.store.query != "prod-" || l.FilterInput.Value() != "prod-" {
			b.Fatalf("filters drifted to %q and %q", m.list.store.query, l.FilterInput.Value())
		}
	}
}
