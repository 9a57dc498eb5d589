package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// Layouts for dates: the list has room for minutes at most; details spells it out.
const (
	listDateLayout   = "2006-01-02"
	listTimeLayout   = "2006-01-02 15:04"
	detailDateLayout = "Mon, 02 Jan 2006 15:04:05 MST"
)

// count writes n with thousands separators: 100,000.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + count(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// plural returns "1 key" or "3,000 keys".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// ago says how long before now t was, in the largest whole unit.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		return "in the future"
	}
	units := []struct {
		size time.Duration
		name string
	}{
		{365 * 24 * time.Hour, "year"},
		{30 * 24 * time.Hour, "month"},
		{7 * 24 * time.Hour, "week"},
		{24 * time.Hour, "day"},
		{time.Hour, "hour"},
		{time.Minute, "minute"},
	}
	for _, u := range units {
		if n := int(d / u.size); n >= 1 {
			return plural(n, u.name, u.name+"s") + " ago"
		}
	}
	return "just now"
}

// padRight fills s with spaces to exactly width cells; s must already fit.
func padRight(s string, width int) string {
	if w := ansi.StringWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// fitLines crops or pads s to exactly n lines, so the frame never jumps.
func fitLines(s string, n int) string {
	if n <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// describeError turns an error into one line for a person: Twilio's code,
// message, documentation link and request id (for Twilio support) when
// Twilio answered. Server text is made safe.
func describeError(err error) string {
	var te *twilio.Error
	switch {
	case errors.As(err, &te):
		msg := fmt.Sprintf("Twilio error %d (HTTP %d)", te.Code, te.Status)
		if te.Code == 0 {
			msg = fmt.Sprintf("HTTP %d", te.Status)
		}
		if te.Message != "" {
			msg += ": " + sanitize.Line(te.Message, maxErrorCells)
		}
		if te.MoreInfo != "" {
			msg += " · " + sanitize.Line(te.MoreInfo, maxErrorCells)
		}
		if te.Op != "" {
			msg = "Could not " + sanitize.Line(te.Op, maxErrorCells) + ": " + msg
		}
		if te.RequestID != "" { // what Twilio support asks for
			msg += " · request " + sanitize.Line(te.RequestID, 64)
		}
		return msg
	case errors.Is(err, twilio.ErrImpossibleAnswer):
		// An answer came, and was refused; its own text says what was wrong
		// and, for a create, that the key may exist.
		return sanitize.Line(err.Error(), 2*maxErrorCells)
	case outcomeUnknown(err):
		return "No answer from Twilio in time: the change may or may not have been made. Press R in the list to see."
	}
	return sanitize.Line(err.Error(), 2*maxErrorCells)
}

// maxErrorCells bounds each server-provided part of an error: a few lines is
// all anyone reads, and a megabyte of message must not cost a frame.
const maxErrorCells = 300

// outcomeUnknown reports whether a change may have happened without an answer.
func outcomeUnknown(err error) bool {
	return errors.Is(err, twilio.ErrOutcomeUnknown) || errors.Is(err, context.DeadlineExceeded)
}
