package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// storeOf builds a store holding keys in list order.
func storeOf(keys []twilio.Key) *keyStore {
	s := &keyStore{}
	page := make([]keyEntry, len(keys))
	for i, k := range keys {
		page[i] = newKeyEntry(k)
	}
	slices.SortFunc(page, newestFirst)
	s.Add(page)
	return s
}

// visibleSIDs lists the SIDs the store shows, in order.
func visibleSIDs(s *keyStore) []string {
	out := make([]string, s.Len())
	for r := range out {
		out[r] = s.Row(r).key.SID
	}
	return out
}

// bruteForce is the filter's specification: every key whose name or SID
// contains q, ignoring case, in list order.
func bruteForce(s *keyStore, q string) []string {
	var out []string
	for _, e := range s.keys {
		if strings.Contains(strings.ToLower(e.key.FriendlyName), strings.ToLower(q)) ||
			strings.Contains(strings.ToLower(e.key.SID), strings.ToLower(q)) {
			out = append(out, e.key.SID)
		}
	}
	return out
}

func sid(n int) string { return fmt.Sprintf("SK%032x", n) }

func TestFilter(t *testing.T) {
	tests := []struct {
		name    string
		queries []string // typed one after another, each a keystroke's state
		want    []string // SIDs visible after the last query
	}{
		{"no filter shows every key", []string{""}, []string{sid(1), sid(2), sid(3), sid(4), sid(5), sid(6), sid(7)}},
		{"case-insensitive name match", []string{"p", "pr", "PRO", "PROD"}, []string{sid(1), sid(4)}},
		{"narrowing to one key", []string{"b", "bi", "bil", "bill"}, []string{sid(1)}},
		{"SID match, any case", []string{"sk0", "SK00000000000000000000000000000003"}, []string{sid(3)}},
		{"SID suffix", []string{"00", "0007"}, []string{sid(7)}},
		{"backspace widens again", []string{"p", "pr", "pro", "prod", "prodx", "prod"}, []string{sid(1), sid(4)}},
		{"no match, then backspace to a match", []string{"z", "zz", "z"}, nil},
		{"replacing the text (not growing) searches every key", []string{"ci", "an"}, []string{sid(3)}},
		{"a match does not span name and SID", []string{"ionsk"}, nil},
		{"clearing shows all again", []string{"ci", ""}, []string{sid(1), sid(2), sid(3), sid(4), sid(5), sid(6), sid(7)}},
		{"unicode lowercase", []string{"— DO NOT"}, []string{sid(7)}},
		{"control characters in names are searchable as typed", []string{"\x1b[2j"}, []string{sid(6)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storeOf(sampleKeys())
			for _, q := range tt.queries {
				s.SetQuery(q)
				if got, want := visibleSIDs(s), bruteForce(s, q); !slices.Equal(got, want) && q != "" {
					t.Fatalf("after %q: got %v, brute force says %v", q, got, want)
				}
			}
			if got := visibleSIDs(s); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFilterKeystrokeAllocations proves a keystroke costs no allocation per
// key: narrowing filters the previous matches in place, and widening reuses
// the same index slice.
func TestFilterKeystrokeAllocations(t *testing.T) {
	s := storeOf(manyKeys(10_000))
	s.SetQuery("key-00") // sizes the index slice once
	queries := []string{"key-001", "key-0012", "key-001", "key-00", "key-0"}
	i := 0
	allocs := testing.AllocsPerRun(100, func() {
		s.SetQuery(queries[i%len(queries)])
		i++
	})
	if allocs > 0 {
		t.Errorf("a keystroke allocated %.1f times, want 0", allocs)
	}
	if s.query == "" || s.Len() == 0 {
		t.Fatal("the filter did nothing")
	}
}

func TestStoreEditsKeepFilterConsistent(t *testing.T) {
	at := func(d int) time.Time { return fakeNow.Add(time.Duration(d) * time.Hour) }
	tests := []struct {
		name  string
		query string
		edit  func(s *keyStore)
	}{
		{"insert a matching key at the top", "prod", func(s *keyStore) {
			s.Insert(twilio.Key{SID: sid(100), FriendlyName: "new prod", DateCreated: at(1)})
		}},
		{"insert a key the filter hides", "prod", func(s *keyStore) {
			s.Insert(twilio.Key{SID: sid(100), FriendlyName: "staging", DateCreated: at(1)})
		}},
		{"insert in the middle by date", "", func(s *keyStore) {
			s.Insert(twilio.Key{SID: sid(100), FriendlyName: "middle", DateCreated: at(-24 * 20)})
		}},
		{"remove a matching key", "prod", func(s *keyStore) { s.Remove(0) }},
		{"remove a hidden key", "prod", func(s *keyStore) { s.Remove(2) }},
		{"remove the last key", "", func(s *keyStore) { s.Remove(s.Total() - 1) }},
		{"replace keeps the row", "ci", func(s *keyStore) {
			k := s.keys[1].key
			k.FriendlyName = "ci-deploy v2"
			s.Replace(1, k)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := storeOf(sampleKeys())
			s.SetQuery(tt.query)
			tt.edit(s)
			if !slices.IsSortedFunc(s.keys, newestFirst) {
				t.Error("keys are out of order")
			}
			if got, want := visibleSIDs(s), bruteForce(s, tt.query); tt.query != "" && !slices.Equal(got, want) {
				t.Errorf("visible %v, brute force %v", got, want)
			}
			if tt.query == "" && s.Len() != s.Total() {
				t.Errorf("Len %d, Total %d", s.Len(), s.Total())
			}
		})
	}
}

// TestStoreAddMergesOutOfOrderPages covers a server that pages oldest first:
// each page belongs before the last, and the list must still read newest first.
func TestStoreAddMergesOutOfOrderPages(t *testing.T) {
	keys := manyKeys(2500)
	slices.Reverse(keys) // oldest first
	s := &keyStore{}
	s.SetQuery("key-00")
	for start := 0; start < len(keys); start += 1000 {
		page := make([]keyEntry, 0, 1000)
		for _, k := range keys[start:min(start+1000, len(keys))] {
			page = append(page, newKeyEntry(k))
		}
		slices.SortFunc(page, newestFirst)
		reordered := s.Add(page)
		if start > 0 && !reordered {
			t.Errorf("page at %d was older-first but not reported as reordered", start)
		}
	}
	if !slices.IsSortedFunc(s.keys, newestFirst) || s.Total() != 2500 {
		t.Fatalf("keys not merged: sorted=%v total=%d", slices.IsSortedFunc(s.keys, newestFirst), s.Total())
	}
	if got, want := visibleSIDs(s), bruteForce(s, "key-00"); !slices.Equal(got, want) {
		t.Errorf("filter after merge: %d rows, want %d", len(got), len(want))
	}
}

// TestFilterRememberedQueriesStayExact types, deletes and retypes at random,
// with keys added, renamed and removed between keystrokes, and after every
// step compares what is shown with the brute-force search: going back to a
// remembered query must never show a stale list.
func TestFilterRememberedQueriesStayExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var keys []twilio.Key
	for i := range 400 {
		keys = append(keys, twilio.Key{SID: sid(i), FriendlyName: randomName(rng),
			DateCreated: time.Unix(int64(1_700_000_000+i*60), 0)})
	}
	s := storeOf(keys)
	query, next := "", 400
	stale := false // a renamed key stays shown until the filter text changes
	for step := range 3000 {
		before := query
		switch op := rng.IntN(10); {
		case op < 5:
			query += string("abc-"[rng.IntN(4)])
		case op < 8 && query != "":
			query = query[:len(query)-1]
		case op == 8:
			query = randomName(rng)[:rng.IntN(3)]
		default:
			switch rng.IntN(3) {
			case 0:
				s.Insert(twilio.Key{SID: sid(next), FriendlyName: randomName(rng), DateCreated: time.Unix(int64(1_800_000_000+next), 0)})
				next++
			case 1:
				if s.Total() > 0 {
					i := rng.IntN(s.Total())
					k := s.keys[i].key
					k.FriendlyName = randomName(rng)
					s.Replace(i, k)
					stale = true
				}
			case 2:
				if s.Total() > 0 {
					s.Remove(rng.IntN(s.Total()))
				}
			}
		}
		s.SetQuery(query)
		if query != before {
			stale = false
		}
		if stale {
			continue
		}
		if got, want := visibleSIDs(s), bruteForce(s, query); !slices.Equal(got, want) && (len(got) > 0 || len(want) > 0) {
			t.Fatalf("step %d, query %q: shows %d keys, want %d", step, query, len(got), len(want))
		}
	}
}

func randomName(rng *rand.Rand) string {
	b := make([]byte, 6)
	for i := range b {
		b[i] = "abc-"[rng.IntN(4)]
	}
	return string(b)
}
