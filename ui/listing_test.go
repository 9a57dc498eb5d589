package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

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

// TestReloadFeedback is issue 12's fifteenth finding: R on a small list said
// nothing; during a reload the count fell to the first page's; a listing
// error went away with the next key, leaving a stale list looking current.
func TestReloadFeedback(t *testing.T) {
	t.Run("small list", func(t *testing.T) {
		f := newFake(sampleKeys())
		m := drainListing(press(loaded(t, f, 80, 24), "R"), f)
		if m.status.text != "Reloaded 7 keys" {
			t.Errorf("status %q after R, want %q", m.status.text, "Reloaded 7 keys")
		}
	})
	t.Run("old total kept", func(t *testing.T) {
		f := newFake(manyKeys(1500))
		m := press(loaded(t, f, 80, 24), "R")
		first := listKeysCmd(testCtx, f, m.listing.gen)().(keysPageMsg)
		m = send(m, first) // 1,000 of the 1,500 keys are back
		if v := m.View(); !strings.Contains(v, "of 1,500") || !strings.Contains(v, "Reloading… 1,000 of 1,500 keys so far") {
			t.Errorf("mid-reload the list does not keep the old total:\n%s", v)
		}
	})
	t.Run("error stays", func(t *testing.T) {
		f := newFake(sampleKeys())
		m := loaded(t, f, 80, 24)
		f.listErr = &twilio.Error{Op: "list keys", Status: 503, Code: 20503, Message: "Service Unavailable"}
		m = drainListing(press(m, "R"), f)
		m = press(m, "n", "esc") // another dialog opened and closed
		if v := m.View(); !strings.Contains(v, "may be out of date: the last listing failed (R retries)") {
			t.Errorf("after a failed reload and a dialog, nothing says the list may be stale:\n%s", v)
		}
		f.listErr = nil
		if v := drainListing(press(m, "R"), f).View(); strings.Contains(v, "out of date") {
			t.Errorf("a listing that worked still says the list may be stale:\n%s", v)
		}
	})
}

// TestNewContextStopsTheListing: a console built with NewContext (as each
// SSH session's is) stops its listing when that context ends.
func TestNewContextStopsTheListing(t *testing.T) {
	f := newFake(manyKeys(1500))
	f.gate = make(chan struct{}) // the second page waits until the listing is stopped
	f.listEnded = make(chan error, 1)
	ctx, cancel := context.WithCancel(context.Background())
	m := send(NewContext(ctx, testConfig(f, nil)), tea.WindowSizeMsg{Width: 80, Height: 24})
	go runCmd(m.Init()) // the account, and the listing: its first page, then it waits at the gate
	cancel()
	select {
	case err := <-f.listEnded:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("the listing ended with %v, want context.Canceled", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("the listing still runs after its context ended")
	}
}
