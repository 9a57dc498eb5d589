package ui

import (
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// TestReloadKeepsKeysChangedMeanwhile is issue 12's fifth finding: R, then a
// key created or renamed before the reload's first page arrives; that page
// replaces the list, and the key must still be in it, as it now is.
func TestReloadKeepsKeysChangedMeanwhile(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(t *testing.T, m Model, f *fakeService) (Model, twilio.Key)
	}{
		{"created", func(t *testing.T, m Model, f *fakeService) (Model, twilio.Key) {
			m = press(typeText(press(m, "n"), "made during reload"), "enter")
			msg := createKeyCmd(testCtx, f, "made during reload", twilio.KeyTypeStandard)().(keyCreatedMsg)
			return press(send(m, msg), "space", "enter"), msg.key
		}},
		{"renamed", func(t *testing.T, m Model, f *fakeService) (Model, twilio.Key) {
			k, _, _ := m.list.selected()
			m = press(typeText(press(m, "r", "ctrl+u"), "renamed during reload"), "enter")
			msg := renameKeyCmd(testCtx, f, k.SID, "renamed during reload")().(keyRenamedMsg)
			return send(m, msg), msg.key
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(sampleKeys())
			m := press(loaded(t, f, 80, 24), "R") // the reload's listing has not answered yet
			m, k := tt.change(t, m, f)
			m = drainListing(m, f)
			i := m.list.store.IndexOf(k.SID)
			if i < 0 {
				t.Fatalf("%s vanished from the list after the reload:\n%s", k.SID, m.View())
			}
			if got := m.list.store.keys[i].key.FriendlyName; got != k.FriendlyName {
				t.Errorf("the list shows %q, want %q", got, k.FriendlyName)
			}
			if n, want := m.list.store.Total(), len(f.keys); n != want {
				t.Errorf("%d keys listed, want %d", n, want)
			}
		})
	}
}
