package ui

import (
	"strconv"
	"time"
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
