package ui

import (
	"fmt"
	"testing"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize/sanitizetest"
)

// unsafeRune finds the first character in a frame that could act on the
// terminal: with the colour profile pinned to ASCII the console itself emits
// no escape sequences, so any control, bidi or invisible format character
// came from the server.
func unsafeRune(frame string) (rune, bool) {
	for _, r := range frame {
		if r == '\n' {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || unicode.In(r, unicode.Cf) {
			return r, true
		}
	}
	return 0, false
}

// TestHostileServerStringsNeverReachTheTerminal draws every view that shows a
// server string with each name of the hostile corpus as the key's name, the
// account's name and Twilio's error message.
func TestHostileServerStringsNeverReachTheTerminal(t *testing.T) {
	views := []struct {
		name  string
		drive func(m Model) Model
	}{
		{"list", func(m Model) Model { return m }},
		{"details", func(m Model) Model { return press(m, "enter") }},
		{"rename", func(m Model) Model { return press(m, "r") }},
		{"delete", func(m Model) Model { return press(m, "d") }},
		{"deleted status", func(m Model) Model {
			k, _, _ := m.list.selected()
			return send(m, keyDeletedMsg{key: k})
		}},
		{"renamed status", func(m Model) Model {
			k, _, _ := m.list.selected()
			return send(press(m, "r"), keyRenamedMsg{key: k})
		}},
		{"create error", func(m Model) Model {
			k, _, _ := m.list.selected()
			return send(press(m, "n"), keyCreatedMsg{err: &twilio.Error{Op: "create key", Status: 400, Code: 70001,
				Message: k.FriendlyName, MoreInfo: k.FriendlyName}})
		}},
		{"secret", func(m Model) Model {
			k, _, _ := m.list.selected()
			return send(press(m, "n"), keyCreatedMsg{key: k, secret: ptr(fakeSecret)})
		}},
		{"rotate step 1", func(m Model) Model { return press(m, "o") }},
		{"rotate step 4", func(m Model) Model {
			k, _, _ := m.list.selected()
			k.SID = sid(2)
			m = send(press(m, "o", "enter"), keyCreatedMsg{key: k, secret: ptr(fakeSecret)})
			return press(send(m, replacementCheckedMsg{sid: k.SID}), "space", "enter")
		}},
		{"rotated, kept", func(m Model) Model {
			k, _, _ := m.list.selected()
			k.SID = sid(2)
			m = send(press(m, "o", "enter"), keyCreatedMsg{key: k, secret: ptr(fakeSecret)})
			return press(send(m, replacementCheckedMsg{sid: k.SID}), "space", "enter", "k")
		}},
		{"check", func(m Model) Model { return press(m, "v") }},
		{"accounts", func(m Model) Model {
			return send(press(m, "a"), listSubaccountsCmd(testCtx, m.cfg.Service)())
		}},
		{"subaccount header, n refused", func(m Model) Model {
			return press(send(press(m, "a"), listSubaccountsCmd(testCtx, m.cfg.Service)()), "down", "enter", "n")
		}},
	}
	for _, c := range sanitizetest.Names() {
		t.Run(c.Label, func(t *testing.T) {
			f := newFake([]twilio.Key{{SID: sid(1), FriendlyName: c.Name, DateCreated: fakeNow}})
			f.account.FriendlyName = c.Name
			sub := newFake(nil)
			sub.account = twilio.Account{SID: stagingSID, FriendlyName: c.Name, Status: c.Name, OwnerAccountSID: f.account.SID}
			f.subaccounts, f.others = []twilio.Account{sub.account}, map[string]*fakeService{stagingSID: sub}
			for _, v := range views {
				for _, size := range [][2]int{{60, 16}, {120, 40}} {
					m := v.drive(loaded(t, f, size[0], size[1]))
					if r, bad := unsafeRune(m.View()); bad {
						t.Errorf("%s at %dx%d: drew %U", v.name, size[0], size[1], r)
					}
				}
			}
		})
	}
}

func TestHostileErrorAtStartUp(t *testing.T) {
	for _, c := range sanitizetest.Names()[:12] {
		f := newFake(nil)
		f.fetchErr = fmt.Errorf("fetch account: %s", c.Name)
		m := send(New(testConfig(f, nil)), tea.WindowSizeMsg{Width: 80, Height: 24}, fetchAccountCmd(testCtx, f)())
		if r, bad := unsafeRune(m.View()); bad {
			t.Errorf("%s: drew %U", c.Label, r)
		}
	}
}
