package ui

import (
	"testing"
	"time"
)

// TestAgeText: days below 60, months of 30 days below a year, then years,
// always rounded down, at and around each boundary.
func TestAgeText(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		age  time.Duration
		want string
	}{
		{0, "0d"},
		{day - time.Nanosecond, "0d"},
		{day, "1d"},
		{12*day + 23*time.Hour, "12d"},
		{59*day + 23*time.Hour, "59d"},
		{60 * day, "2mo"},
		{89 * day, "2mo"},
		{90 * day, "3mo"},
		{364 * day, "12mo"},
		{365*day - time.Nanosecond, "12mo"},
		{365 * day, "1y"},
		{730*day - time.Nanosecond, "1y"},
		{730 * day, "2y"},
		{10 * 365 * day, "10y"},
		{-time.Hour, "0d"}, // created "in the future": a clock behind Twilio's
	} {
		if got := ageText(now.Add(-tc.age), now); got != tc.want {
			t.Errorf("ageText(now - %v) = %q, want %q", tc.age, got, tc.want)
		}
	}
	if got := ageText(time.Time{}, now); got != "—" {
		t.Errorf("ageText(zero) = %q, want a dash", got)
	}
}
