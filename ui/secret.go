package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"

	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// secretScreen shows a new key's secret, the one time Twilio returns it. It
// closes only once the user says they saved it, or confirms they do not care.
type secretScreen struct {
	key          twilio.Key
	secret       *string // as in keyCreatedMsg: a pointer fmt cannot see through; nil when closed
	saved        bool    // "I have saved the SID and secret somewhere safe"
	confirmClose bool    // esc before ticking: asking whether to close anyway
	hint         string  // why Done did nothing

	// Set by a flow that drives the modal (a rotation): it keeps the modal
	// open while hold is not "" (saying hold), and shows its own title and
	// a line under the secret.
	hold, title, extra string

	// account, when set, makes this the modal of a new secondary Auth Token
	// of that account rather than of a key: the same once-only rules, with
	// the token's own labels and env line (see tokenFields).
	account string
}

const stateSecret state = "secret" // a new key's secret, shown once

func (secretScreen) id() state               { return stateSecret }
func (secretScreen) takesText(*shared) bool  { return false }
func (s secretScreen) resize(*shared) screen { return s }

// drop makes the console forget the secret: it blanks the string variable
// the modal points to, which the message that brought it shares, so no part
// of the console's state refers to the secret any more. That is all it can
// do. Go cannot wipe a string: the bytes stay in memory until the garbage
// collector reuses them. A copy command already handed to Bubble Tea holds
// its own reference to the text until it has run, and the clipboard
// package keeps only a digest.
func (s secretScreen) drop() {
	if s.secret != nil {
		*s.secret = ""
	}
}

func (s secretScreen) update(sh *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return s, nil, nil
	}
	k := &sh.keys
	if s.confirmClose {
		switch {
		case key.Matches(km, k.Yes):
			return s.close(false)
		case key.Matches(km, k.No):
			s.confirmClose = false
		}
		return s, nil, nil
	}
	secret := *s.secret
	if s.account != "" {
		return s.tokenKey(sh, km, secret)
	}
	switch {
	case key.Matches(km, k.CopySecret):
		return s, copyCmd(sh.cfg.Clipboard, "Secret", secret, true), nil
	case key.Matches(km, k.CopySID):
		return s, copyCmd(sh.cfg.Clipboard, "SID", s.key.SID, false), nil
	case key.Matches(km, k.CopyEnv):
		// The quoted lines an .env file or eval takes, only for a SID and
		// secret of the shapes Twilio issues: nothing else reaches a shell.
		lines, err := twilio.NewKey{Key: s.key, Secret: secret}.EnvLines()
		if err != nil {
			return s, nil, failText("Not copied: the " + describeError(err))
		}
		return s, copyCmd(sh.cfg.Clipboard, "SID and secret", lines, true), nil
	case key.Matches(km, k.Acknowledge):
		s.saved, s.hint = !s.saved, ""
	case key.Matches(km, k.Done):
		if s.saved {
			return s.close(true)
		}
		s.hint = "Tick the box with space once the SID and secret are saved."
	case key.Matches(km, k.Close):
		if s.saved {
			return s.close(true)
		}
		s.confirmClose = true
	}
	return s, nil, nil
}

// close drops the secret and says so; the key is already in the list.
func (s secretScreen) close(saved bool) (screen, tea.Cmd, intent) {
	if saved && s.hold != "" {
		s.hint = s.hold
		return s, nil, nil
	}
	s.drop()
	s.secret = nil
	return s, nil, secretClosed{key: s.key, saved: saved}
}

func (s secretScreen) bindings(sh *shared) []key.Binding {
	k := &sh.keys
	if s.confirmClose {
		k.Enable(&k.Yes, &k.No, &k.ForceQuit)
		return nil
	}
	k.Enable(&k.CopySecret, &k.CopySID, &k.CopyEnv, &k.Acknowledge, &k.Done, &k.Close, &k.ForceQuit)
	return nil
}

func (s secretScreen) view(sh *shared) string {
	st := sh.styles
	width := sh.modalWidth()
	field := func(label, value string) string {
		return st.Modal.Label.Render(padRight(label, 8)) + value
	}
	typ := "Standard"
	if s.key.Type == twilio.KeyTypeMain {
		typ = "Main"
	}
	box := "[ ]"
	if s.saved {
		box = "[x]"
	}
	secret := ""
	if s.secret != nil {
		secret = *s.secret
	}
	sections := []string{
		field("Name", st.Modal.Value.Render(sanitize.Line(s.key.FriendlyName, width-8))) + "\n" +
			field("Type", typ) + "\n" +
			field("SID", st.Modal.Value.Render(sanitize.Line(s.key.SID, sidWidth))) + "\n" +
			// The secret is never truncated: 32 characters fit in every box.
			field("Secret", st.Modal.Secret.Render(sanitize.Text(secret))),
		st.Modal.Warning.Width(width).Render("This is the only time the secret will be shown."),
		box + " I have saved the SID and secret somewhere safe",
	}
	if s.account != "" {
		sections = s.tokenFields(sh, secret, box)
	}
	title := "New API key created"
	if s.title != "" {
		title = s.title
	}
	if s.extra != "" {
		sections = append(sections, s.extra)
	}
	switch {
	case s.confirmClose:
		sections = append(sections, st.Modal.Warning.Width(width).Render("The secret will never be shown again. Close anyway? (y/N)"))
	case s.hint != "":
		sections = append(sections, st.Modal.Warning.Width(width).Render(s.hint))
	}
	return sh.modal(title, sections, false)
}
