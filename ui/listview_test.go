package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestListGivesNamesRoom is issue 12's tenth finding, the list's half: at
// 80 columns NAME got 17 cells (23 once AGE came) and two keys of one
// service read the same; at 200 it stretched to 128 and pushed the dates
// far from the names. NAME now takes the room first and stops at Twilio's
// 64-character limit; the SID and AGE always show.
func TestListGivesNamesRoom(t *testing.T) {
	long := "analytics-export worker, eu-west 1"              // 35 characters
	full := strings.Repeat("n", twilio.MaxFriendlyNameLength) // the longest name Twilio takes
	keys := sampleKeys()
	keys[0].FriendlyName, keys[1].FriendlyName = long, full
	for _, tt := range []struct {
		width          int
		minName        int // NAME cells at least
		header         []string
		notHeader      []string
		nameIsLastWide bool
	}{
		{60, 15, []string{"NAME", "SID", "AGE"}, []string{"CREATED", "UPDATED"}, false},
		{80, 35, []string{"NAME", "SID", "AGE"}, []string{"CREATED", "UPDATED"}, false},
		{100, 43, []string{"NAME", "SID", "CREATED", "AGE"}, []string{"UPDATED"}, false},
		{120, 57, []string{"NAME", "SID", "CREATED", "AGE"}, []string{"UPDATED"}, false},
		{200, 64, []string{"NAME", "SID", "CREATED", "AGE", "UPDATED"}, nil, true},
	} {
		m := loaded(t, newFake(keys), tt.width, 24)
		lines := strings.Split(m.View(), "\n")
		head := lines[3]
		sid := strings.Index(head, "SID")
		if name := sid - len("  NAME  ") + len("NAME"); name < tt.minName || name > twilio.MaxFriendlyNameLength {
			t.Errorf("%d columns: NAME is %d cells, want %d to %d\n%s", tt.width, name, tt.minName, twilio.MaxFriendlyNameLength, head)
		}
		for _, h := range tt.header {
			if !strings.Contains(head, h) {
				t.Errorf("%d columns: no %s column\n%s", tt.width, h, head)
			}
		}
		for _, h := range tt.notHeader {
			if strings.Contains(head, h) {
				t.Errorf("%d columns: %s shows while NAME is short of room\n%s", tt.width, h, head)
			}
		}
		// Every row still shows its SID, whole, under the SID heading.
		for _, row := range lines[4:6] {
			if cells := ansi.StringWidth(row); cells > tt.width {
				t.Errorf("%d columns: a row of %d cells", tt.width, cells)
			}
			if c := ansi.Strip(row); !strings.Contains(c[min(sid, len(c)):], "SK0000000000000000000000000000000") {
				t.Errorf("%d columns: the SID is not under its heading:\n%s\n%s", tt.width, head, row)
			}
		}
		if tt.width >= 80 && !strings.Contains(lines[4], long) {
			t.Errorf("%d columns: a 35-character name is cut:\n%s", tt.width, lines[4])
		}
		if tt.nameIsLastWide && !strings.Contains(lines[5], full+"  SK") {
			t.Errorf("%d columns: a 64-character name does not fit its column exactly:\n%s", tt.width, lines[5])
		}
	}
}
