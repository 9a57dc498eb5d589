package ui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// checkForm asks Twilio whether it accepts a key SID and secret, by signing
// in as the key. The secret is typed masked, never drawn, never put in a
// message, and dropped with the whole form when it closes.
type checkForm struct {
	sid, secret textinput.Model
	problem     string // why the form was not sent
	checked     string // the SID Twilio answered about; "" until it has
	err         error  // Twilio's answer: nil means it accepts the key
}

// secretCharLimit is room for any secret Twilio might issue (today's are
// 32 characters) without taking a whole paste of something else.
const secretCharLimit = 128

// openCheck opens the form for sid (the key under the cursor), or blank.
func (m Model) openCheck(sid string) (Model, tea.Cmd) {
	input := func(placeholder string, limit int) textinput.Model {
		in := textinput.New()
		in.Prompt = "> "
		in.Placeholder = placeholder
		in.CharLimit = limit
		in.Cursor.SetMode(cursor.CursorStatic)
		return in
	}
	f := checkForm{sid: input("SK…", 2*sidWidth), secret: input("the key's secret", secretCharLimit)}
	f.secret.EchoMode = textinput.EchoPassword
	f.secret.EchoCharacter = '•'
	f.sid.SetValue(sid)
	f.focusSecret(sid != "")
	m.check, m.state = f, stateCheck
	return m, nil
}

// focusSecret gives the keyboard to the secret (on) or the SID field; the
// prompt marks which, since a static cursor does not.
func (f *checkForm) focusSecret(on bool) {
	focused, blurred := &f.sid, &f.secret
	if on {
		focused, blurred = blurred, focused
	}
	blurred.Blur()
	blurred.Prompt = "  "
	focused.Focus()
	focused.Prompt = "> "
}

func (m Model) updateCheck(msg tea.KeyMsg) (Model, tea.Cmd) {
	f := &m.check
	switch {
	case m.busy != "":
		return m, nil
	case key.Matches(msg, m.keys.Cancel):
		m.check, m.state = checkForm{}, stateList
		return m, nil
	case key.Matches(msg, m.keys.NextField), key.Matches(msg, m.keys.PrevField):
		f.focusSecret(!f.secret.Focused())
		return m, nil
	case key.Matches(msg, m.keys.Submit):
		return m.submitCheck()
	}
	// An answer is about what was sent; once that changes it no longer holds.
	f.problem, f.checked, f.err = "", "", nil
	var cmd tea.Cmd
	if f.secret.Focused() {
		f.secret, cmd = f.secret.Update(msg)
	} else {
		f.sid, cmd = f.sid.Update(msg)
	}
	return m, cmd
}

func (m Model) submitCheck() (Model, tea.Cmd) {
	f := &m.check
	sid := strings.TrimSpace(f.sid.Value())
	switch {
	case !twilio.ValidKeySID(sid):
		f.problem = "A key SID is SK followed by 32 hexadecimal digits."
		f.focusSecret(false)
		return m, nil
	case f.secret.Value() == "":
		f.problem = "Type or paste the key's secret."
		f.focusSecret(true)
		return m, nil
	}
	f.problem, f.checked, f.err = "", "", nil
	m.busy = "Checking " + sid + "…"
	return m, tea.Batch(checkKeyCmd(m.svc, sid, f.secret.Value()), m.spinner.Tick)
}

func (m Model) keyChecked(msg keyCheckedMsg) (Model, tea.Cmd) {
	m.busy = ""
	if m.state != stateCheck {
		return m, nil
	}
	m.check.checked, m.check.err = msg.sid, msg.err
	return m, nil
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

func (m *Model) checkView() string {
	st := m.styles
	f := &m.check
	width := m.modalWidth()
	f.sid.Width, f.secret.Width = width-4, width-4
	sections := []string{
		st.Modal.Note.Width(width).Render("Signs in as the key to read the account's balance, which any key may do. Nothing changes."),
		st.Form.Label.Render("Key SID") + "\n" + f.sid.View() + "\n" +
			st.Form.Label.Render("Secret") + "\n" + f.secret.View(),
		st.Modal.Note.Width(width).Render("Checked against " + sanitize.Line(m.account.FriendlyName, 40) + " (" +
			m.account.SID + "): a key works only in its own account."),
	}
	switch {
	case f.problem != "":
		sections = append(sections, st.Modal.Warning.Width(width).Render(f.problem))
	case f.checked != "" && f.err == nil:
		sections = append(sections, st.Status.Success.Width(width).Render("✓ "+checkResultText(nil)+" ("+f.checked+")."))
	case f.checked != "":
		sections = append(sections, st.Form.Error.Width(width).Render("✗ "+checkResultText(f.err)))
	}
	return m.modal("Check an API key", sections, false)
}
