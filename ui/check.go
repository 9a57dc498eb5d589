package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// checkScreen asks Twilio whether it accepts a key SID and secret, by
// signing in as the key. The secret is typed masked, never drawn, never put
// in a message, and dropped with the whole screen when it closes.
type checkScreen struct {
	sid, secret textinput.Model
	problem     string // why the form was not sent
	checked     string // the SID Twilio answered about; "" until it has
	err         error  // Twilio's answer: nil means it accepts the key
	main        bool   // and it may manage keys: a Main key
	typeErr     error  // no answer about that: main tells nothing
}

// secretCharLimit is room for any secret Twilio might issue (today's are
// 32 characters) without taking a whole paste of something else.
const secretCharLimit = 128

// newCheckScreen opens the form for sid (the key under the cursor), or blank.
func newCheckScreen(sid string) checkScreen {
	f := checkScreen{sid: newInput("> ", "SK…", 2*sidWidth), secret: newInput("> ", "the key's secret", secretCharLimit)}
	f.secret.EchoMode = textinput.EchoPassword
	f.secret.EchoCharacter = '•'
	f.sid.SetValue(sid)
	f.focusSecret(sid != "")
	return f
}

const stateCheck state = "check" // the check-a-key form

func (checkScreen) id() state              { return stateCheck }
func (checkScreen) takesText(*shared) bool { return true }

func (f checkScreen) resize(s *shared) screen {
	setInputWidth(&f.sid, s.modalWidth()-4)
	setInputWidth(&f.secret, s.modalWidth()-4)
	return f
}

// focusSecret gives the keyboard to the secret (on) or the SID field; the
// prompt marks which, since a static cursor does not.
func (f *checkScreen) focusSecret(on bool) {
	focused, blurred := &f.sid, &f.secret
	if on {
		focused, blurred = blurred, focused
	}
	blurred.Blur()
	blurred.Prompt = "  "
	focused.Focus()
	focused.Prompt = "> "
}

func (f checkScreen) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case keyCheckedMsg:
		f.checked, f.err, f.main, f.typeErr = msg.sid, msg.err, msg.main, msg.typeErr
		return f, nil, nil
	case tea.KeyMsg:
		switch k := &s.keys; {
		case key.Matches(msg, k.Cancel):
			return f, nil, toList{}
		case key.Matches(msg, k.NextField), key.Matches(msg, k.PrevField):
			f.focusSecret(!f.secret.Focused())
			return f, nil, nil
		case key.Matches(msg, k.Submit):
			return f.submit(s)
		}
		// An answer is about what was sent; once that changes it no longer holds.
		f.problem, f.checked, f.err, f.main, f.typeErr = "", "", nil, false, nil
		var cmd tea.Cmd
		if f.secret.Focused() {
			f.secret, cmd = f.secret.Update(msg)
		} else {
			f.sid, cmd = f.sid.Update(msg)
		}
		return f, cmd, nil
	}
	return f, nil, nil
}

func (f checkScreen) submit(s *shared) (screen, tea.Cmd, intent) {
	sid := strings.TrimSpace(f.sid.Value())
	switch {
	case !twilio.ValidKeySID(sid):
		f.problem = "A key SID is SK followed by 32 hexadecimal digits."
		f.focusSecret(false)
		return f, nil, nil
	case f.secret.Value() == "":
		f.problem = "Type or paste the key's secret."
		f.focusSecret(true)
		return f, nil, nil
	}
	f.problem, f.checked, f.err, f.main, f.typeErr = "", "", nil, false, nil
	return f, checkKeyCmd(s.ctx, s.svc, sid, f.secret.Value()), working{"Checking " + sid + "…"}
}

func (checkScreen) bindings(s *shared) []key.Binding {
	k := &s.keys
	k.Submit.SetHelp("enter", "check")
	k.Enable(&k.NextField, &k.PrevField, &k.Submit, &k.Cancel, &k.ForceQuit)
	return nil
}

// checkResultText is Twilio's verdict on a key in words, for the check form;
// err is CheckKey's.
func checkResultText(err error) string {
	var te *twilio.Error
	switch {
	case err == nil:
		return "Twilio accepts this key"
	case twilio.IsAuthError(err) && errors.As(err, &te):
		return fmt.Sprintf("Twilio refused this key (%d/%d): the secret may be mistyped, "+
			"or the key deleted or from another account", te.Status, te.Code)
	case outcomeUnknown(err):
		return "No answer from Twilio in time; the check changes nothing, so try again"
	}
	return describeError(err)
}

// checkTypeText says whether an accepted key is Main, as far as Twilio told.
func (f checkScreen) checkTypeText() string {
	switch {
	case f.typeErr != nil:
		return "Whether it is a Main key is not known: " + describeError(f.typeErr)
	case f.main:
		return "It is a Main key: Twilio lets it manage API keys and subaccounts."
	}
	return "It is not a Main key: Twilio does not let it manage API keys (it is Standard or Restricted)."
}

// checkScope says which keys pass in the account checked against: its own,
// and in a subaccount also its parent's Main keys, which Twilio lets act on
// their subaccounts (twilio-api.md §5; the sandbox does the same).
func checkScope(a twilio.Account) string {
	where := sanitize.Line(a.FriendlyName, 40) + " (" + a.SID + ")"
	if a.IsSubaccount() {
		return "Checked against " + where + ": its own keys pass, and so do its parent account's Main keys."
	}
	return "Checked against " + where + ": only its own keys pass."
}

func (f checkScreen) view(s *shared) string {
	st := s.styles
	width := s.modalWidth()
	sections := []string{
		st.Modal.Note.Width(width).Render("Signs in as the key to read the balance, which any key may, " +
			"then to list keys, which only a Main key may. Nothing changes."),
		st.Form.Label.Render("Key SID") + "\n" + f.sid.View() + "\n" +
			st.Form.Label.Render("Secret") + "\n" + f.secret.View(),
	}
	switch { // the verdict under the fields it is about
	case f.problem != "":
		sections = append(sections, st.Modal.Warning.Width(width).Render(f.problem))
	case f.checked != "" && f.err == nil:
		sections = append(sections, st.Status.Success.Width(width).Render("✓ "+checkResultText(nil)+" ("+f.checked+"). "+f.checkTypeText()))
	case f.checked != "":
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+checkResultText(f.err)))
	}
	sections = append(sections, st.Modal.Note.Width(width).Render(checkScope(s.account)))
	if len(sections) > 3 && lipgloss.Height(strings.Join(sections, "\n"))+1 > s.bodyHeight {
		sections = sections[1:] // a short terminal keeps the verdict, not the introduction
	}
	return s.modal("Check an API key", sections, false)
}
