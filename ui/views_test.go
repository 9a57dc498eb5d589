package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// viewCases drive the console into each view; TestViews compares each with its
// golden file at two sizes. Run `go test ./ui -run TestViews -update` to
// rewrite them, then review the diff like code.
var viewCases = []struct {
	name  string
	setup func(t *testing.T, w, h int) Model
}{
	{"connecting", func(t *testing.T, w, h int) Model {
		return send(New(testConfig(newFake(nil), nil)), tea.WindowSizeMsg{Width: w, Height: h})
	}},
	{"list", func(t *testing.T, w, h int) Model {
		return loaded(t, newFake(sampleKeys()), w, h)
	}},
	{"list_real_twilio", func(t *testing.T, w, h int) Model {
		f := newFake(sampleKeys())
		f.sandbox = false
		m := loaded(t, f, w, h)
		return press(m, "j", "j")
	}},
	{"list_filtered", func(t *testing.T, w, h int) Model {
		return typeText(press(loaded(t, newFake(sampleKeys()), w, h), "/"), "PROD")
	}},
	{"list_filter_applied", func(t *testing.T, w, h int) Model {
		return press(typeText(press(loaded(t, newFake(sampleKeys()), w, h), "/"), "0003"), "enter")
	}},
	{"list_no_match", func(t *testing.T, w, h int) Model {
		return typeText(press(loaded(t, newFake(sampleKeys()), w, h), "/"), "nothing")
	}},
	{"list_empty", func(t *testing.T, w, h int) Model {
		return loaded(t, newFake(nil), w, h)
	}},
	{"list_loading", func(t *testing.T, w, h int) Model {
		f := newFake(manyKeys(1500))
		m := send(New(testConfig(f, nil)), tea.WindowSizeMsg{Width: w, Height: h})
		m = send(m, fetchAccountCmd(testCtx, f)())
		first := listKeysCmd(context.Background(), f, m.listing.gen)().(keysPageMsg)
		return send(m, first) // the second page has not arrived
	}},
	{"list_scrolled", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(manyKeys(1500)), w, h), "pgdown", "pgdown", "j")
	}},
	{"list_error", func(t *testing.T, w, h int) Model {
		f := newFake(sampleKeys())
		f.listErr = &twilio.Error{Op: "list keys", Status: 503, Code: 20503,
			Message: "Service Unavailable", MoreInfo: "https://www.twilio.com/docs/errors/20503"}
		return loaded(t, f, w, h)
	}},
	{"create", func(t *testing.T, w, h int) Model {
		return typeText(press(loaded(t, newFake(sampleKeys()), w, h), "n"), "payments worker")
	}},
	{"create_too_long", func(t *testing.T, w, h int) Model {
		return typeText(press(loaded(t, newFake(sampleKeys()), w, h), "n"), fmt.Sprintf("%070d", 7))
	}},
	{"create_main_real_twilio", func(t *testing.T, w, h int) Model {
		f := newFake(sampleKeys())
		f.sandbox = false
		return press(typeText(press(loaded(t, f, w, h), "n"), "admin"), "tab", "tab", "space")
	}},
	{"create_main_sandbox", func(t *testing.T, w, h int) Model {
		return press(typeText(press(loaded(t, newFake(sampleKeys()), w, h), "n"), "admin"), "tab", "tab", "space")
	}},
	{"create_api_error", func(t *testing.T, w, h int) Model {
		m := typeText(press(loaded(t, newFake(sampleKeys()), w, h), "n"), "payments worker")
		m = press(m, "enter")
		return send(m, keyCreatedMsg{err: &twilio.Error{Op: "create key", Status: 400, Code: 70001,
			Message: "FriendlyName is invalid", MoreInfo: "https://www.twilio.com/docs/errors/70001"}})
	}},
	{"creating", func(t *testing.T, w, h int) Model {
		return press(typeText(press(loaded(t, newFake(sampleKeys()), w, h), "n"), "payments worker"), "enter")
	}},
	{"secret", func(t *testing.T, w, h int) Model {
		return created(t, w, h)
	}},
	{"secret_ticked", func(t *testing.T, w, h int) Model {
		return press(created(t, w, h), "space")
	}},
	{"secret_done_refused", func(t *testing.T, w, h int) Model {
		return press(created(t, w, h), "enter")
	}},
	{"secret_esc_confirm", func(t *testing.T, w, h int) Model {
		return press(created(t, w, h), "esc")
	}},
	{"after_secret", func(t *testing.T, w, h int) Model {
		return press(created(t, w, h), "space", "enter")
	}},
	{"rename", func(t *testing.T, w, h int) Model {
		return typeText(press(loaded(t, newFake(sampleKeys()), w, h), "j", "r"), " v2")
	}},
	{"rename_error", func(t *testing.T, w, h int) Model {
		m := press(typeText(press(loaded(t, newFake(sampleKeys()), w, h), "j", "r"), " v2"), "enter")
		return send(m, keyRenamedMsg{err: &twilio.Error{Op: "rename key", Status: 429, Code: 20429,
			Message: "Too Many Requests", MoreInfo: "https://www.twilio.com/docs/errors/20429"}})
	}},
	{"delete", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(sampleKeys()), w, h), "d")
	}},
	{"delete_wrong_suffix", func(t *testing.T, w, h int) Model {
		return press(typeText(press(loaded(t, newFake(sampleKeys()), w, h), "d"), "0002"), "tab", "enter")
	}},
	{"after_delete", func(t *testing.T, w, h int) Model {
		m := loaded(t, newFake(sampleKeys()), w, h)
		k, _, _ := m.list.selected()
		m = press(typeText(press(m, "d"), k.SID[len(k.SID)-4:]), "enter")
		return send(m, keyDeletedMsg{key: k})
	}},
	{"details", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(sampleKeys()), w, h), "j", "j", "enter")
	}},
	{"help", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(sampleKeys()), w, h), "?")
	}},
	{"auth_failure", func(t *testing.T, w, h int) Model {
		f := newFake(nil)
		f.fetchErr = &twilio.Error{Op: "fetch account", Status: 401, Code: 20003, Message: "Authenticate",
			MoreInfo: "https://www.twilio.com/docs/errors/20003"}
		return send(New(testConfig(f, nil)), tea.WindowSizeMsg{Width: w, Height: h}, fetchAccountCmd(testCtx, f)())
	}},
	{"start_error", func(t *testing.T, w, h int) Model {
		f := newFake(nil)
		f.fetchErr = errors.New(`fetch account: Get "https://api.twilio.com/2010-04-01/Accounts/AC….json": dial tcp: lookup api.twilio.com: no such host`)
		return send(New(testConfig(f, nil)), tea.WindowSizeMsg{Width: w, Height: h}, fetchAccountCmd(testCtx, f)())
	}},
	{"too_small", func(t *testing.T, w, h int) Model {
		return send(loaded(t, newFake(sampleKeys()), w, h), tea.WindowSizeMsg{Width: w / 2, Height: h / 2})
	}},
}

// created returns a model showing the secret modal for a new key named
// "payments worker", created through the form against the fake.
func created(t *testing.T, w, h int) Model {
	t.Helper()
	f := newFake(sampleKeys())
	m := press(typeText(press(loaded(t, f, w, h), "n"), "payments worker"), "enter")
	return send(m, createKeyCmd(testCtx, f, "payments worker", twilio.KeyTypeStandard)())
}

func TestViews(t *testing.T) {
	for _, c := range slices.Concat(viewCases, moreViewCases) {
		t.Run(c.name, func(t *testing.T) {
			for _, size := range [][2]int{{80, 24}, {120, 40}, {60, 16}} {
				t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
					m := c.setup(t, size[0], size[1])
					frame := m.View()
					requireFits(t, frame, m.width, m.height) // the size the terminal last reported
					golden.RequireEqual(t, []byte(frame))
				})
			}
		})
	}
}

// requireFits fails unless frame is exactly h lines of at most w cells: a
// longer line wraps in a real terminal and pushes the header off the top.
func requireFits(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("frame is %d lines, want the terminal's %d", len(lines), h)
	}
	for i, l := range lines {
		if cells := ansi.StringWidth(l); cells > w {
			t.Errorf("line %d is %d cells, wider than the terminal's %d: %q", i+1, cells, w, l)
		}
	}
}
