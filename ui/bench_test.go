package ui

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// BenchmarkListView100k draws one 120x40 frame of a 100,000-key list, cursor
// in the middle. Only the visible rows are drawn, so this must not grow with
// the number of keys.
func BenchmarkListView100k(b *testing.B) {
	m := loaded(b, newFake(manyKeys(100_000)), 120, 40)
	m = press(m, "G")
	m.list.moveTo(50_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkFilterKeystroke100k is one keystroke in the filter field and the
// frame after it, over 100,000 keys. Iterations alternate typing a rune
// (narrowing "key-0", which every key matches, to "key-01", 10,000 keys) and
// backspace (widening back: a search of every key).
func BenchmarkFilterKeystroke100k(b *testing.B) {
	m := typeText(press(loaded(b, newFake(manyKeys(100_000)), 120, 40), "/"), "key-0")
	narrow, widen := keyMsg("1"), keyMsg("backspace")
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		msg := narrow
		if i%2 == 1 {
			msg = widen
		}
		i++
		next, _ := m.Update(msg)
		m = next.(Model)
		_ = m.View()
	}
	b.StopTimer()
	if m.list.store.query != "key-0" && m.list.store.query != "key-01" {
		b.Fatalf("filter drifted to %q", m.list.store.query)
	}
}

// BenchmarkPageArrives100k is the Update for one 1,000-key page arriving
// while 99,000 keys are already listed.
func BenchmarkPageArrives100k(b *testing.B) {
	keys := manyKeys(100_000)
	base := loaded(b, newFake(keys[:99_000]), 120, 40)
	page := make([]keyEntry, 1000)
	for i, k := range keys[99_000:] {
		page[i] = newKeyEntry(k)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		m := base
		m.list.store.keys = m.list.store.keys[:99_000] // every iteration appends to the same 99,000
		m.list.loading = true
		b.StartTimer()
		_ = send(m, keysPageMsg{gen: m.listing.gen, page: page})
	}
}

// realisticKeys makes n keys whose strings are allocated separately, as a
// JSON decoder would, with names of typical length (about 25 characters).
func realisticKeys(n, from int) []twilio.Key {
	keys := make([]twilio.Key, n)
	for i := range keys {
		created := fakeNow.Add(-time.Duration(from+i) * time.Minute)
		keys[i] = twilio.Key{SID: fmt.Sprintf("SK%032x", from+i+1), FriendlyName: fmt.Sprintf("billing-service %06d prod", from+i),
			DateCreated: created, DateUpdated: created}
	}
	return keys
}

// TestMemoryPerKey holds the budget: at most 300 bytes of heap for
// each listed key, strings and list overhead included. Pages arrive as the
// client delivers them; each page's slice is dropped once it is listed.
func TestMemoryPerKey(t *testing.T) {
	const n = 100_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	s := &keyStore{}
	for from := 0; from < n; from += PageSize {
		page := realisticKeys(PageSize, from)
		entries := make([]keyEntry, len(page))
		for i, k := range page {
			entries[i] = newKeyEntry(k)
		}
		s.Add(entries)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perKey := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%.0f bytes per key (%d keys)", perKey, s.Total())
	if perKey > 300 {
		t.Errorf("%.0f bytes per key, budget 300", perKey)
	}
	runtime.KeepAlive(s)
}
