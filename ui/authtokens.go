package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// authTokensScreen shows the Auth Token the console signs in with (masked),
// what this session knows of a secondary one, and starts a rotation or
// deletes the secondary behind a typed confirmation.
type authTokensScreen struct {
	confirming bool            // the delete confirmation is open
	typed      textinput.Model // where "delete" is typed
	problem    string
	deleting   bool
	err        error
}

const stateAuthTokens state = "auth tokens"

func (authTokensScreen) id() state                 { return stateAuthTokens }
func (a authTokensScreen) takesText(*shared) bool  { return a.confirming }
func (a authTokensScreen) spinning() bool          { return a.deleting }
func (a authTokensScreen) resize(s *shared) screen { setInputWidth(&a.typed, 12); return a }

func (a authTokensScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case secondaryDeletedMsg:
		a.deleting, a.confirming = false, false
		if msg.err != nil && !twilio.IsNotFound(msg.err) {
			a.err = msg.err
			return a, nil, nil
		}
		s.tokens.record("deleted", s.cfg.Now())
		if msg.err != nil {
			return a, nil, flash("There was no secondary Auth Token to delete")
		}
		return a, nil, flash("Deleted the secondary Auth Token; it is refused from now on")
	case tea.KeyMsg:
		if a.deleting || s.cfg.AuthTokens == nil && !key.Matches(msg, s.keys.Back) {
			return a, nil, nil
		}
		return a.key(s, msg)
	}
	return a, nil, nil
}

func (a authTokensScreen) key(s *shared, km tea.KeyMsg) (screen, tea.Cmd, intent) {
	k := &s.keys
	if a.confirming {
		switch {
		case key.Matches(km, k.Cancel):
			a.confirming, a.problem = false, ""
		case key.Matches(km, k.Submit):
			if strings.TrimSpace(strings.ToLower(a.typed.Value())) != "delete" {
				a.problem = "Type delete to confirm."
				return a, nil, nil
			}
			a.deleting, a.problem, a.err = true, "", nil
			return a, tea.Batch(deleteSecondaryCmd(s.ctx, s.cfg.AuthTokens), s.spinner.Tick), nil
		default:
			var cmd tea.Cmd
			a.typed, cmd = a.typed.Update(km)
			return a, cmd, nil
		}
		return a, nil, nil
	}
	switch {
	case key.Matches(km, k.Back):
		return a, nil, toList{}
	case key.Matches(km, k.Help):
		return a, nil, open{helpScreen{under: a}}
	case key.Matches(km, k.RotateToken):
		return a, nil, open{newTokenRotation(s)}
	case key.Matches(km, k.DeleteSecondary):
		a.confirming, a.err = true, nil
		a.typed = newInput("> ", "delete", 6)
		setInputWidth(&a.typed, 12)
		return a, a.typed.Focus(), nil
	}
	return a, nil, nil
}

func (a authTokensScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	switch {
	case a.confirming:
		k.Submit.SetHelp("enter", "delete the secondary")
		k.Enable(&k.Submit, &k.Cancel, &k.ForceQuit)
	case s.cfg.AuthTokens == nil:
		k.Enable(&k.Back, &k.Help, &k.Quit, &k.ForceQuit)
	default:
		k.Enable(&k.RotateToken, &k.DeleteSecondary, &k.Back, &k.Help, &k.Quit, &k.ForceQuit)
	}
	return nil
}

// maskedToken shows only the last four characters, as the Console does.
func maskedToken(last4 string) string { return strings.Repeat("•", 28) + last4 }

// secondaryStatus says what the console knows of the secondary token.
func secondaryStatus(s *shared) string {
	at := func() string { return s.tokens.at.UTC().Format("15:04:05 UTC") }
	switch s.tokens.event {
	case "created":
		return "created at " + at() + " in this session; it works wherever the primary does"
	case "deleted":
		return "none: deleted at " + at() + " in this session"
	case "promoted":
		return "none: promoted to primary at " + at() + " in this session"
	}
	return "unknown: Twilio's API does not say whether one exists, and this session created none"
}

func (a authTokensScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	// hanging indents wrapped lines under the value, not under the label.
	hanging := func(label string, indent int, value string) string {
		return lipgloss.JoinHorizontal(lipgloss.Top, st.Modal.Label.Render(padRight(label, indent)),
			st.Screen.Text.Width(width-indent).Render(value))
	}
	sections := []string{hanging("Account", 11, sanitize.Line(s.home.FriendlyName, width-11)+"\n"+sanitize.Line(s.home.SID, sidWidth))}
	if s.cfg.AuthTokens == nil {
		sections = append(sections, st.Screen.Text.Width(width).Render(noAuthTokensText(s)))
		return s.modal("Auth Tokens", sections, false)
	}
	last4, _ := s.cfg.AuthTokens.AuthTokenLast4()
	sections[0] += "\n" + hanging("Primary", 11, st.Modal.Value.Render(maskedToken(sanitize.Text(last4)))+"\nthe one this console signs in with") +
		"\n" + hanging("Secondary", 11, secondaryStatus(s))
	sections = append(sections,
		hanging("o", 5, "rotate without downtime, step by step: create a secondary token, save it, "+
			"update every app, check it works, then promote it")+"\n"+
			hanging("d", 5, "delete a secondary token you no longer want"))
	switch {
	case a.deleting:
		sections = append(sections, st.Modal.Note.Width(width).Render("Deleting the secondary Auth Token…"))
	case a.confirming:
		sections = append(sections, st.Modal.Warning.Width(width).Render(
			"Delete the secondary Auth Token? Everything using it stops working at once. Type delete to confirm.")+"\n"+a.typed.View())
	}
	if a.problem != "" {
		sections = append(sections, st.Form.Error.Width(width).Render(a.problem))
	}
	if a.err != nil {
		sections = append(sections, st.Form.Error.Width(width).Render(describeError(a.err)))
	}
	return s.modal("Auth Tokens", sections, a.confirming)
}

// noAuthTokensText says why this session cannot rotate the Auth Token, and
// what to use instead.
func noAuthTokensText(s *shared) string {
	why := "Auth Token rotation is off in this session (a console shared over SSH never changes the server's credentials)."
	if u, ok := s.cfg.Service.(interface{ UsesAPIKey() bool }); ok && u.UsesAPIKey() {
		why = "This console signs in with an API key, not the Auth Token. Twilio's documentation says " +
			"Standard keys cannot configure accounts, and a rotation must go on with the new token afterwards, " +
			"so the console rotates only the token it signs in with."
	}
	return why + "\n\nTo rotate: run twilio-keys with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN set and press t; " +
		"or script it with 'twilio-keys token' (see 'twilio-keys help token'); " +
		"or use the Twilio Console: Account › API keys & tokens › Auth Tokens."
}

// isTokenAction reports whether b rotates or deletes an Auth Token, which
// help leaves out where the session cannot (API keys, SSH sessions).
func isTokenAction(s *shared, b key.Binding) bool {
	return b.Help() == s.keys.RotateToken.Help() || b.Help() == s.keys.DeleteSecondary.Help()
}
