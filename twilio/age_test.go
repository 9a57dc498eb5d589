package twilio_test

import (
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestKeyAgeAndDueForRotation: a key is due at exactly maxAge old, not a
// nanosecond before; 0 turns the mark off; a key from the future (a clock
// behind Twilio's) is 0 old and never due; no creation date is never due.
func TestKeyAgeAndDueForRotation(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	const day = 24 * time.Hour
	maxAge := 90 * day
	for _, tc := range []struct {
		name    string
		created time.Time
		maxAge  time.Duration
		age     time.Duration
		due     bool
	}{
		{"exactly max-age", now.Add(-maxAge), maxAge, maxAge, true},
		{"a nanosecond short", now.Add(-maxAge + 1), maxAge, maxAge - 1, false},
		{"a nanosecond past", now.Add(-maxAge - 1), maxAge, maxAge + 1, true},
		{"new", now, maxAge, 0, false},
		{"old, mark off", now.Add(-1000 * day), 0, 1000 * day, false},
		{"old, negative max-age", now.Add(-1000 * day), -day, 1000 * day, false},
		{"from the future", now.Add(time.Hour), maxAge, 0, false},
		{"no creation date", time.Time{}, maxAge, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := twilio.Key{SID: "SK" + "0123456789abcdef0123456789abcdef", DateCreated: tc.created}
			if got := k.Age(now); got != tc.age {
				t.Errorf("Age = %v, want %v", got, tc.age)
			}
			if got := k.DueForRotation(now, tc.maxAge); got != tc.due {
				t.Errorf("DueForRotation(max %v) = %v, want %v", tc.maxAge, got, tc.due)
			}
		})
	}
}
