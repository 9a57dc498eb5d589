package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// detailsScreen shows one key's facts, and acts on it.
type detailsScreen struct {
	key twilio.Key
	// explainType says why the type is unknown, under the facts: the
	// first details of the session with an unknown type do, once.
	explainType bool
}

// newDetailsScreen opens k's details.
func newDetailsScreen(s *shared, k twilio.Key) detailsScreen {
	d := detailsScreen{key: k, explainType: k.Type == twilio.KeyTypeUnknown && !s.typeExplained}
	s.typeExplained = s.typeExplained || d.explainType
	return d
}

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
	case key.Matches(km, k.CheckKey):
		return d, nil, open{newCheckScreen(d.key.SID)}
	case key.Matches(km, k.YankSID):
		return d, yankSID(s, d.key), nil
	case key.Matches(km, k.Back):
		return d, nil, toList{}
	}
	return d, nil, nil
}

func (detailsScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Enable(&k.Rename, &k.Delete, &k.Rotate, &k.CheckKey, &k.Back, &k.Help, &k.Quit, &k.ForceQuit)
	k.YankSID.SetEnabled(s.cfg.Clipboard != nil)
	return nil
}

// yankSID copies k's SID (y). A SID is no secret: the status line names
// it, and nothing clears it from the clipboard later.
func yankSID(s *shared, k twilio.Key) tea.Cmd {
	return copyCmd(s.cfg.Clipboard, "SID "+sanitize.Line(k.SID, sidWidth), k.SID, false)
}

// keyTypeText says what is known about a key's type.
func keyTypeText(t twilio.KeyType) string {
	switch t {
	case twilio.KeyTypeStandard:
		return "Standard"
	case twilio.KeyTypeMain:
		return "Main"
	case twilio.KeyTypeRestricted:
		return "Restricted"
	}
	return "unknown"
}

// typeUnknownText explains an unknown type, and how to learn whether the key is Main.
const typeUnknownText = "Twilio's API does not report a key's type. v checks the key and says whether it is Main."

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
	// A value that wraps stays in its own column, under its first line.
	field := func(label, value string) string {
		return lipgloss.JoinHorizontal(lipgloss.Top, st.Modal.Label.Render(padRight(label, 9)),
			st.Modal.Value.Width(width-9).Render(value))
	}
	facts := []string{
		field("Name", sanitize.Line(k.FriendlyName, width-9)),
		field("SID", sanitize.Line(k.SID, sidWidth)),
		field("Type", keyTypeText(k.Type)),
		field("Created", when(k.DateCreated)),
		field("Updated", when(k.DateUpdated)),
	}
	if next, ok := s.list.replaced[k.SID]; ok {
		facts = append(facts, field("Replaced", "by "+next+" (rotated this session)"))
	}
	sections := []string{strings.Join(facts, "\n")}
	if d.explainType && k.Type == twilio.KeyTypeUnknown {
		sections = append(sections, st.Modal.Aside.Width(width).Render(typeUnknownText))
	}
	// The hint repeats the footer: it goes first when the box (a title and
	// two borders) would not fit with it.
	if hint := st.Modal.Note.Width(width).Render(detailsHint(s)); lipgloss.Height(strings.Join(sections, "\n")+"\n"+hint)+3 <= s.bodyHeight {
		sections = append(sections, hint)
	}
	return s.modal("API key", sections, false)
}

// detailsHint names the keys that work on the key shown, as the footer
// does: a role that may not delete is not told to press d.
func detailsHint(s *shared) string {
	withheld := s.withheld()
	k := &s.keys
	var hints []string
	for _, b := range []key.Binding{k.Rename, k.Delete, k.Rotate, k.CheckKey, k.YankSID, k.Back} {
		if b.Enabled() && !isWithheld(withheld, b) {
			hints = append(hints, b.Help().Key+" "+b.Help().Desc)
		}
	}
	return strings.Join(hints, " · ")
}
