package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
	"github.com/twilio-keys/twilio-keys/ui/styles"
)

// Drawing the key list. Only the rows on screen are drawn, whatever the
// number of keys; nothing here grows with the account.

// columns decides what fits. NAME comes first: it is how people tell keys
// apart, and a SID says nothing to a person. The other columns show only
// while NAME keeps the room each asks for, so a narrow terminal loses
// UPDATED, then the time of day, then CREATED (AGE says much the same)
// before it cuts names short. The SID and AGE always show.
type columns struct {
	name    int
	layout  string // CREATED's and UPDATED's
	created bool
	updated bool
	age     bool
	now     time.Time     // ages are measured from here
	maxAge  time.Duration // keys at least this old get staleMark; 0: none do
}

const (
	markerWidth = 2
	gapWidth    = 2
	sidWidth    = 34
	// maxNameWidth is Twilio's limit on a friendly name: a wider NAME
	// column would only push the other columns away from the names.
	maxNameWidth = twilio.MaxFriendlyNameLength
)

// listLayouts are the key list's columns from the richest to the plainest,
// each with the NAME width it must leave.
var listLayouts = []struct {
	columns
	minName int
}{
	{columns{layout: listTimeLayout, created: true, updated: true, age: true}, 48},
	{columns{layout: listTimeLayout, created: true, age: true}, 40},
	{columns{layout: listDateLayout, created: true, age: true}, 32},
	{columns{age: true}, 0},
}

// fixed is the width of every cell but NAME's, gaps and the row marker included.
func (c columns) fixed() int {
	n := markerWidth + gapWidth + sidWidth
	if c.created {
		n += gapWidth + len(c.layout)
	}
	if c.age {
		n += gapWidth + ageWidth
	}
	if c.updated {
		n += gapWidth + len(c.layout)
	}
	return n
}

func listColumns(width int) columns {
	for _, l := range listLayouts {
		if c := l.columns; width-c.fixed() >= l.minName {
			c.name = min(max(width-c.fixed(), 8), maxNameWidth)
			return c
		}
	}
	panic("unreachable: the last layout fits any width")
}

// drawFilter writes the filter line, when there is one: the field while
// typing, else the kept query. The key list and the all-accounts view share it.
func (l *keyList) drawFilter(b *strings.Builder, st *styles.Styles) {
	if l.filterShown() {
		if l.filtering {
			b.WriteString(l.filter.View())
		} else {
			b.WriteString(st.List.Position.Render(sanitize.Line("/ "+l.filter.Value()+"   (esc clears the filter)", l.width)))
		}
		b.WriteByte('\n')
	}
}

func (l *keyList) view(st *styles.Styles, spin string) string {
	var b strings.Builder
	b.Grow((l.width + 1) * l.height)
	l.drawFilter(&b, st)
	c := listColumns(l.width)
	c.now, c.maxAge = l.clock(), l.maxAge
	head := "  " + padRight("NAME", c.name) + "  " + padRight("SID", sidWidth)
	if c.created {
		head += "  " + padRight("CREATED", len(c.layout))
	}
	if c.age && c.updated {
		head += "  " + padRight("AGE", ageWidth)
	} else if c.age {
		head += "  AGE"
	}
	if c.updated {
		head += "  UPDATED"
	}
	b.WriteString(st.List.ColumnHeader.Render(head))
	b.WriteByte('\n')

	rows := l.rows()
	switch {
	case l.store.Len() == 0:
		b.WriteString(st.List.Empty.Render(l.emptyText()))
		b.WriteByte('\n')
		rows--
	default:
		end := min(l.offset+rows, l.store.Len())
		for r := l.offset; r < end; r++ {
			k := &l.store.Row(r).key
			mark, short := l.marks(k.SID)
			if r == l.cursor { // the one styled row; the rest go straight into b
				var sel strings.Builder
				sel.WriteString("> ")
				writeRow(&sel, k, c, mark, short)
				b.WriteString(st.List.Selected.Render(sel.String()))
			} else {
				b.WriteString("  ")
				writeRow(&b, k, c, mark, short)
			}
			b.WriteByte('\n')
		}
		rows -= end - l.offset
	}
	b.WriteString(strings.Repeat("\n", max(rows, 0)))
	b.WriteString(st.List.Position.Render(l.position(spin, c)))
	return b.String()
}

// Marks after a key's name: a key kept after a rotation, and the key this
// session signs in with. The words when the name column has room for them,
// else the short form (the position line explains ↻).
const (
	replacedMark      = " ↻ replaced"
	replacedMarkShort = " ↻"
	sessionMark       = " ● in use by this session"
	sessionMarkShort  = " ● in use"
)

// marks returns the mark for the key with sid, long and short, or "".
func (l *keyList) marks(sid string) (string, string) {
	if sid == l.sessionKey && sid != "" {
		return sessionMark, sessionMarkShort
	}
	if _, ok := l.replaced[sid]; ok {
		return replacedMark, replacedMarkShort
	}
	return "", ""
}

// replacedShown reports whether a row on screen carries the replaced mark,
// which the position line then explains; marks of another account's keys
// (a subaccount shown after a rotation in its parent) never do.
func (l *keyList) replacedShown() bool {
	if len(l.replaced) == 0 {
		return false
	}
	for r := l.offset; r < min(l.offset+l.rows(), l.store.Len()); r++ {
		if _, ok := l.replaced[l.store.Row(r).key.SID]; ok {
			return true
		}
	}
	return false
}

// writeRow writes one key's cells into b, the name followed by mark (or
// short, when the column is narrow). It runs for every visible row of every
// frame, so it writes in place: sanitize.Line returns a safe name itself,
// and dates are formatted into a stack buffer.
func writeRow(b *strings.Builder, k *twilio.Key, c columns, mark, short string) {
	if mark != "" {
		if c.name-ansi.StringWidth(mark) < 16 {
			mark = short
		}
		name := sanitize.Line(k.FriendlyName, c.name-ansi.StringWidth(mark))
		b.WriteString(name)
		writeCell(b, mark, c.name-ansi.StringWidth(name))
	} else {
		writeCell(b, sanitize.Line(k.FriendlyName, c.name), c.name)
	}
	b.WriteString("  ")
	writeCell(b, sanitize.Line(k.SID, sidWidth), sidWidth)
	if c.created {
		b.WriteString("  ")
		writeDate(b, k.DateCreated, c.layout)
	}
	if c.age {
		b.WriteString("  ")
		writeAge(b, k, c)
	}
	if c.updated {
		b.WriteString("  ")
		writeDate(b, k.DateUpdated, c.layout)
	}
}

// writeCell writes s padded with spaces to width cells; s must already fit.
func writeCell(b *strings.Builder, s string, width int) {
	b.WriteString(s)
	for w := ansi.StringWidth(s); w < width; w++ {
		b.WriteByte(' ')
	}
}

// writeDate writes t in the local zone, or a dash when Twilio sent none.
func writeDate(b *strings.Builder, t time.Time, layout string) {
	if t.IsZero() {
		writeCell(b, "—", len(layout))
		return
	}
	var buf [32]byte
	b.Write(t.Local().AppendFormat(buf[:0], layout))
}

func (l *keyList) emptyText() string {
	switch {
	case l.store.Total() > 0:
		return "  No key matches “" + sanitize.Line(l.filter.Value(), l.width/2) + "”. esc clears the filter."
	case l.failed:
		return "  The keys could not be loaded. Press R to try again."
	case !l.loaded:
		return "  Loading keys…"
	}
	if l.noCreate != "" {
		return "  This account has no API keys, and none can be created here: " + l.noCreate + "."
	}
	return "  This account has no API keys yet. Press n to create one."
}

// position is the line under the rows: where the screen is, how many keys,
// and the loading progress while pages still arrive.
func (l *keyList) position(spin string, c columns) string {
	var s string
	n := l.store.Len()
	if n > 0 {
		s = count(l.offset+1) + "–" + count(min(l.offset+l.rows(), n)) + " of "
	}
	switch {
	case l.store.query != "":
		s += plural(n, "match", "matches") + " in " + plural(l.store.Total(), "key", "keys")
	case l.loading:
		s += count(max(n, l.before)) // a reload shows the old total until it passes it
	default:
		s += plural(n, "key", "keys")
	}
	switch {
	case l.loading && l.before > l.store.Total():
		s += " · " + spin + " Reloading… " + count(l.store.Total()) + " of " + plural(l.before, "key", "keys") + " so far"
	case l.loading:
		s += " · " + spin + " Loading… " + plural(l.store.Total(), "key", "keys")
	case l.failed && n > 0:
		s += " · ✗ may be out of date: the last listing failed (R retries)"
	}
	if l.replacedShown() {
		s += " · ↻ replaced by a rotation: delete once unused"
	}
	if c.age && l.staleShown(c) {
		s += " · " + staleLegend(c.maxAge)
	}
	return sanitize.Line(s, l.width)
}
