package ui

import (
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestCreateWhileFilteredShowsTheNewKey is issue 12's eighth finding: with a
// filter applied that the new key's name does not match, the new key was
// created but hidden ("0 matches in 8 keys"). The filter is cleared to show
// it, with the cursor on it; a new key the filter matches keeps the filter.
func TestCreateWhileFilteredShowsTheNewKey(t *testing.T) {
	for _, tt := range []struct {
		name, key  string
		keepFilter bool
	}{
		{"not matching", "payments worker", false},
		{"matching", "PROD payments", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(sampleKeys())
			m := press(typeText(press(loaded(t, f, 80, 24), "/"), "PROD"), "enter")
			m = press(typeText(press(m, "n"), tt.key), "enter")
			m = send(m, createKeyCmd(testCtx, f, tt.key, twilio.KeyTypeStandard)())
			m = press(m, "space", "enter") // saved: back to the list
			k, _, ok := m.list.selected()
			if !ok || k.FriendlyName != tt.key {
				t.Fatalf("the cursor is on %q, want the new key:\n%s", k.FriendlyName, m.View())
			}
			if kept := m.list.store.query != ""; kept != tt.keepFilter {
				t.Errorf("filter kept %v, want %v:\n%s", kept, tt.keepFilter, m.View())
			}
			if !strings.Contains(m.View(), tt.key) {
				t.Errorf("the new key is not on screen:\n%s", m.View())
			}
		})
	}
}
