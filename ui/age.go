package ui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/twilio-keys/twilio-keys/twilio"
)

const day = 24 * time.Hour

// appendAge appends a key's age as the AGE column shows it: days up to 59
// ("12d"), then months of 30 days up to a year ("3mo", "12mo"), then whole
// years ("2y"). It always rounds down, so an age is never shown older than
// it is. A future date (a clock behind Twilio's) is "0d"; no date at all is
// a dash. It appends in place, for the rows of every frame.
func appendAge(b []byte, created, now time.Time) []byte {
	if created.IsZero() {
		return append(b, "—"...)
	}
	days := int64(max(now.Sub(created), 0) / day)
	switch {
	case days < 60:
		return append(strconv.AppendInt(b, days, 10), 'd')
	case days < 365:
		return append(strconv.AppendInt(b, days/30, 10), "mo"...)
	}
	return append(strconv.AppendInt(b, days/365, 10), 'y')
}

// ageText is appendAge as a string.
func ageText(created, now time.Time) string { return string(appendAge(nil, created, now)) }

// ageWidth fits the widest age ("12mo", "100y") and the stale mark.
const ageWidth = 5

// staleMark follows the age of a key due for rotation.
const staleMark = '!'

// due reports whether k is due for rotation under c's --max-age.
func (c columns) due(k *twilio.Key) bool { return k.DueForRotation(c.now, c.maxAge) }

// writeAge writes k's age cell, marked when the key is due for rotation,
// without allocating: it runs for every visible row of every frame.
func writeAge(b *strings.Builder, k *twilio.Key, c columns) {
	var buf [16]byte
	cell := appendAge(buf[:0], k.DateCreated, c.now)
	if c.due(k) {
		cell = append(cell, staleMark)
	}
	b.Write(cell)
	for w := utf8.RuneCount(cell); w < ageWidth && c.updated; w++ { // no trailing blanks in the last column
		b.WriteByte(' ')
	}
}

// staleShown reports whether a row on screen carries the stale mark, so the
// position line explains it only when it is there to be seen.
func (l *keyList) staleShown(c columns) bool {
	if c.maxAge <= 0 {
		return false
	}
	for r := l.offset; r < min(l.offset+l.rows(), l.store.Len()); r++ {
		if c.due(&l.store.Row(r).key) {
			return true
		}
	}
	return false
}

// staleLegend explains the stale mark.
func staleLegend(maxAge time.Duration) string {
	return string(staleMark) + " due for rotation (" + maxAgeText(maxAge) + " or older)"
}

// maxAgeText writes --max-age as it was most likely given: "90d", "36h".
func maxAgeText(d time.Duration) string {
	if d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}

// A hinter is a screen with advice for the status line while it has nothing
// else to say: the key lists suggest rotating a selected key that is due.
type hinter interface{ hint(s *shared) string }

// hint suggests rotating the selected key when it is due.
func (listScreen) hint(s *shared) string {
	k, _, ok := s.list.selected()
	if !ok || s.list.filtering {
		return ""
	}
	return rotateHint(k, s.list.clock(), s.list.maxAge, rotateAction(s, "o rotates it"))
}

// rotateAction is what to press to rotate, or "" when this user may not.
func rotateAction(s *shared, action string) string {
	if s.cfg.Allowed != nil && !s.cfg.Allowed(ActionRotate) {
		return ""
	}
	return action
}

// rotateHint says that k is due for rotation, and what to press, or "".
func rotateHint(k twilio.Key, now time.Time, maxAge time.Duration, action string) string {
	if !k.DueForRotation(now, maxAge) {
		return ""
	}
	text := "Due for rotation: " + strconv.Itoa(int(k.Age(now)/day)) + " days old (--max-age " + maxAgeText(maxAge) + ")."
	if action != "" {
		text += " " + action + "."
	}
	return text
}
