package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// keyEntry is one listed key and the text the filter searches. Nothing else is
// kept per key, so an account of 100,000 keys costs about 300 bytes a key.
type keyEntry struct {
	key    twilio.Key
	search string // lowered friendly name, NUL, lowered SID: one Contains per key per keystroke
}

func newKeyEntry(k twilio.Key) keyEntry {
	return keyEntry{key: k, search: strings.ToLower(k.FriendlyName) + "\x00" + strings.ToLower(k.SID)}
}

// newestFirst orders keys as the list shows them: newest first, then by SID so
// the order is stable when two keys share a creation second.
func newestFirst(a, b keyEntry) int {
	if c := b.key.DateCreated.Compare(a.key.DateCreated); c != 0 {
		return c
	}
	return cmp.Compare(a.key.SID, b.key.SID)
}

// keyStore holds every listed key in display order and the current filter's
// matches. Rows are positions in what is visible: all keys, or the matches.
type keyStore struct {
	keys    []keyEntry
	query   string  // lowered filter text; "" shows every key
	matches []int32 // indices into keys that contain query, ascending; reused across keystrokes

	// narrowed holds the matches of each shorter query the current one grew
	// from, so that backspace goes back to them instead of searching every
	// key again. A change to the keys forgets them; their slices are kept in
	// spare for the next keystrokes.
	narrowed []filterLevel
	spare    [][]int32
	// kept is set while matches holds a renamed key that no longer matches
	// (see Replace); such matches are not remembered for backspace.
	kept bool
}

// filterLevel is one remembered query and its matches.
type filterLevel struct {
	query   string
	matches []int32
}

// maxNarrowed bounds the remembered queries, and so the memory they hold.
const maxNarrowed = 32

// Len is the number of visible rows.
func (s *keyStore) Len() int {
	if s.query == "" {
		return len(s.keys)
	}
	return len(s.matches)
}

// Total is the number of keys held, filtered or not.
func (s *keyStore) Total() int { return len(s.keys) }

// Index turns a visible row into an index into keys.
func (s *keyStore) Index(row int) int {
	if s.query == "" {
		return row
	}
	return int(s.matches[row])
}

// Row returns the key shown at a visible row.
func (s *keyStore) Row(row int) *keyEntry { return &s.keys[s.Index(row)] }

// RowOf turns an index into keys into a visible row, or -1 when the filter hides it.
func (s *keyStore) RowOf(i int) int {
	if s.query == "" {
		return i
	}
	if row, ok := slices.BinarySearch(s.matches, int32(i)); ok {
		return row
	}
	return -1
}

// IndexOf finds a key by SID, or -1.
func (s *keyStore) IndexOf(sid string) int {
	return slices.IndexFunc(s.keys, func(e keyEntry) bool { return e.key.SID == sid })
}

// SetQuery filters by name or SID, case-insensitively. When the new text
// contains the old one, only the current matches can still match, so only they
// are searched. When it is shorter, the matches of the query it grew from
// are taken back, and narrowed from there if it differs. Only a query unlike
// any before it searches every key again.
func (s *keyStore) SetQuery(q string) {
	q = strings.ToLower(q)
	switch {
	case q == s.query:
		return
	case q == "":
		s.forgetNarrowed()
		s.query, s.matches, s.kept = "", s.matches[:0], false
		return
	case s.query == "" || !strings.Contains(q, s.query):
		s.backTo(q)
		if s.query == "" || !strings.Contains(q, s.query) {
			s.query = q
			s.refilter()
			return
		}
		if q == s.query {
			return
		}
	}
	s.narrowTo(q)
}

// narrowTo searches only the current matches for q, which contains the
// current query, and remembers the current matches for backspace.
func (s *keyStore) narrowTo(q string) {
	if len(s.narrowed) == maxNarrowed {
		s.spare = append(s.spare, s.narrowed[0].matches)
		s.narrowed = slices.Delete(s.narrowed, 0, 1)
	}
	from := s.matches
	narrowed := s.spareSlice()
	for _, i := range from {
		if strings.Contains(s.keys[i].search, q) {
			narrowed = append(narrowed, i)
		}
	}
	if s.kept {
		s.spare, s.kept = append(s.spare, from), false
	} else {
		s.narrowed = append(s.narrowed, filterLevel{s.query, from})
	}
	s.query, s.matches = q, narrowed
}

// backTo drops remembered queries until the current one is contained in q,
// or none is left (then the current query is "" and nothing is remembered).
func (s *keyStore) backTo(q string) {
	for len(s.narrowed) > 0 && (s.query == "" || !strings.Contains(q, s.query)) {
		s.spare = append(s.spare, s.matches)
		top := s.narrowed[len(s.narrowed)-1]
		s.narrowed = s.narrowed[:len(s.narrowed)-1]
		s.query, s.matches, s.kept = top.query, top.matches, false
	}
	if s.query != "" && !strings.Contains(q, s.query) {
		s.query = ""
	}
}

// spareSlice is an empty slice for matches, reusing a forgotten one.
func (s *keyStore) spareSlice() []int32 {
	if n := len(s.spare); n > 0 {
		m := s.spare[n-1][:0]
		s.spare = s.spare[:n-1]
		return m
	}
	return make([]int32, 0, len(s.matches))
}

// forgetNarrowed drops the remembered queries, whose matches a change to
// the keys has made stale.
func (s *keyStore) forgetNarrowed() {
	for _, l := range s.narrowed {
		s.spare = append(s.spare, l.matches)
	}
	clear(s.narrowed)
	s.narrowed = s.narrowed[:0]
}

func (s *keyStore) refilter() {
	s.kept = false
	if cap(s.matches) < len(s.keys) {
		s.matches = make([]int32, 0, len(s.keys))
	}
	s.matches = s.matches[:0]
	for i := range s.keys {
		if strings.Contains(s.keys[i].search, s.query) {
			s.matches = append(s.matches, int32(i))
		}
	}
}

func (s *keyStore) matchesQuery(e *keyEntry) bool {
	return s.query == "" || strings.Contains(e.search, s.query)
}

// Add appends a page sorted newest first. Pages normally arrive in order and
// are simply appended; a page that belongs earlier is merged in, and then
// reordered reports that rows moved.
func (s *keyStore) Add(page []keyEntry) (reordered bool) {
	s.forgetNarrowed()
	n := len(s.keys)
	s.keys = append(s.keys, page...)
	if n > 0 && len(page) > 0 && newestFirst(page[0], s.keys[n-1]) < 0 {
		mergeTail(s.keys, n)
		reordered = true
	}
	switch {
	case s.query == "":
	case reordered:
		s.refilter()
	default:
		for i := n; i < len(s.keys); i++ {
			if strings.Contains(s.keys[i].search, s.query) {
				s.matches = append(s.matches, int32(i))
			}
		}
	}
	return reordered
}

// mergeTail merges keys[n:] into keys[:n], both sorted, in place from the back.
func mergeTail(keys []keyEntry, n int) {
	tail := slices.Clone(keys[n:])
	i, j := n-1, len(tail)-1
	for k := len(keys) - 1; j >= 0; k-- {
		if i >= 0 && newestFirst(keys[i], tail[j]) > 0 {
			keys[k] = keys[i]
			i--
		} else {
			keys[k] = tail[j]
			j--
		}
	}
}

// Insert puts one new key in its place (the top, for a key created just now)
// and returns its index. Every other key stays; matches shift by one.
func (s *keyStore) Insert(k twilio.Key) int {
	s.forgetNarrowed()
	e := newKeyEntry(k)
	i, _ := slices.BinarySearchFunc(s.keys, e, newestFirst)
	s.keys = slices.Insert(s.keys, i, e)
	if s.query != "" {
		row, _ := slices.BinarySearch(s.matches, int32(i))
		for r := row; r < len(s.matches); r++ {
			s.matches[r]++
		}
		if s.matchesQuery(&e) {
			s.matches = slices.Insert(s.matches, row, int32(i))
		}
	}
	return i
}

// Replace swaps the key at index i for its renamed self. A renamed key stays
// visible under the current filter until the filter text changes; one that
// the filter hid shows up if its new name matches.
func (s *keyStore) Replace(i int, k twilio.Key) {
	s.forgetNarrowed()
	s.keys[i] = newKeyEntry(k)
	if s.query == "" {
		return
	}
	row, found := slices.BinarySearch(s.matches, int32(i))
	switch matches := s.matchesQuery(&s.keys[i]); {
	case matches && !found:
		s.matches = slices.Insert(s.matches, row, int32(i))
	case !matches && found:
		s.kept = true
	}
}

// Remove deletes the key at index i.
func (s *keyStore) Remove(i int) {
	s.forgetNarrowed()
	s.keys = slices.Delete(s.keys, i, i+1)
	if s.query == "" {
		return
	}
	kept := s.matches[:0]
	for _, m := range s.matches {
		switch {
		case int(m) < i:
			kept = append(kept, m)
		case int(m) > i:
			kept = append(kept, m-1)
		}
	}
	s.matches = kept
}

// Reset forgets every key but keeps the filter text.
func (s *keyStore) Reset() {
	s.forgetNarrowed()
	s.kept = false
	clear(s.keys)
	s.keys = s.keys[:0]
	s.matches = s.matches[:0]
}
