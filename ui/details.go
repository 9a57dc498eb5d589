package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// detailsScreen shows one key's facts, and acts on it.
type detailsScreen struct{ key twilio.Key }

const stateDetails state = "details" // one key's facts

func (detailsScreen) id() state               { return stateDetails }
func (detailsScreen) takesText(*shared) bool  { return false }
func (d detailsScreen) resize(*shared) screen { return d }

func (d detailsScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return d, nil, nil
	}
	switch k := &s.keys; {
	case key.Matches(km, k.Help):
		return d, nil, open{helpScreen{under: d}}
	case key.Matches(km, k.Rename):
		return d, nil, open{newRenameScreen(d.key)}
	case key.Matches(km, k.Delete):
		return d, nil, open{newDeleteScreen(d.key, "")}
	case key.Matches(km, k.Rotate):
		return d, nil, startRotation(s, d.key)
	case key.Matches(km, k.Back):
		return d, nil, toList{}
	}
	return d, nil, nil
}

func (detailsScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Enable(&k.Rename, &k.Delete, &k.Rotate, &k.Back, &k.Help, &k.Quit, &k.ForceQuit)
	return nil
}

// keyTypeText says what is known about a key's type, and why not when nothing is.
func keyTypeText(t twilio.KeyType) string {
	switch t {
	case twilio.KeyTypeStandard:
		return "Standard"
	case twilio.KeyTypeMain:
		return "Main"
	case twilio.KeyTypeRestricted:
		return "Restricted"
	}
	return "unknown — Twilio's API does not report it"
}

func (d detailsScreen) view(s *shared) string {
	st := s.styles
	k := &d.key
	width := s.modalWidth()
	now := s.cfg.Now()
	when := func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.Local().Format(detailDateLayout) + " (" + ago(t, now) + ")"
	}
	field := func(label, value string) string {
		return st.Modal.Label.Render(padRight(label, 9)) + st.Modal.Value.Width(width-9).Render(value)
	}
	facts := field("Name", sanitize.Line(k.FriendlyName, width-9)) + "\n" +
		field("SID", sanitize.Line(k.SID, sidWidth)) + "\n" +
		field("Type", keyTypeText(k.Type)) + "\n" +
		field("Created", when(k.DateCreated)) + "\n" +
		field("Updated", when(k.DateUpdated))
	if next, ok := s.list.replaced[k.SID]; ok {
		facts += "\n" + field("Replaced", "by "+next+" (rotated this session)")
	}
	return s.modal("API key", []string{
		facts,
		st.Modal.Note.Width(width).Render(detailsHint(s)),
	}, false)
}

// detailsHint names the keys that work on the key shown, as the footer
// does: a role that may not delete is not told to press d.
func detailsHint(s *shared) string {
	withheld := s.withheld()
	k := &s.keys
	var hints []string
	for _, b := range []key.Binding{k.Rename, k.Delete, k.Rotate, k.Back} {
		if !isWithheld(withheld, b) {
			hints = append(hints, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(hints, " · ")
}
