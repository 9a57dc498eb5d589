package ui

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// rotation replaces a key in four steps, through the views every key uses:
// 1 the create form makes the replacement; 2 the secret modal shows its
// secret once, while 3 a check signs in as the new key; 4 the user deletes
// the old key (the usual typed confirmation) or keeps it, marked replaced.
// Twilio keys have no expiry and no last-used date, so only the user can say
// when the old key is unused. The rotation holds SIDs, never the secret.
type rotation struct {
	old      twilio.Key // the key being replaced; its SID is "" when no rotation runs
	next     twilio.Key // the replacement, once created
	checking bool
	checked  bool
	checkErr error // Twilio's answer to the check: nil means the new key works
}

func (r *rotation) active() bool { return r.old.SID != "" }

// rotatedSuffix is the mark rotatedName adds, so a second rotation replaces
// it instead of stacking another.
var rotatedSuffix = regexp.MustCompile(`\s*\(rotated \d{4}-\d{2}-\d{2}\)$`)

// rotatedName suggests the replacement's name: the old name marked with
// today's date when that fits Twilio's limit, else the old name.
func rotatedName(old string, now time.Time) string {
	if len(old) > utf8.UTFMax*twilio.MaxFriendlyNameLength {
		return old // too long for any suffix; and not worth searching
	}
	name := strings.TrimSpace(rotatedSuffix.ReplaceAllString(old, "") + " (rotated " + now.Format("2006-01-02") + ")")
	if twilio.ValidateFriendlyName(name) != nil {
		return old
	}
	return name
}

// openRotate is step 1: the create form, prefilled for the replacement.
func (m Model) openRotate(k twilio.Key) (Model, tea.Cmd) {
	if err := m.createBlocked(); err != nil {
		m.fail(err)
		return m, nil
	}
	m, cmd := m.openCreate()
	m.create.name = newNameField(rotatedName(k.FriendlyName, m.cfg.Now()))
	if k.Type == twilio.KeyTypeMain {
		m.create.keyType = twilio.KeyTypeMain
	}
	m.rot = rotation{old: k}
	return m, cmd
}

// replacementCreated starts step 3 while the secret modal (step 2) shows:
// the secret is in memory only now, so now is when it can be checked.
func (m *Model) replacementCreated(nk twilio.Key) tea.Cmd {
	m.rot.next = nk
	return m.checkReplacement()
}

func (m *Model) checkReplacement() tea.Cmd {
	m.rot.checking, m.rot.checked, m.rot.checkErr = true, false, nil
	return tea.Batch(checkReplacementCmd(m.svc, m.secret.key.SID, *m.secret.secret), m.spinner.Tick)
}

func (m Model) replacementChecked(msg replacementCheckedMsg) (Model, tea.Cmd) {
	if msg.sid != m.rot.next.SID { // the rotation was stopped meanwhile
		return m, nil
	}
	m.rot.checking, m.rot.checked, m.rot.checkErr = false, true, msg.err
	return m, nil
}

// secretSaved leaves step 2 for step 4, once the check has answered.
func (m Model) secretSaved() (Model, tea.Cmd) {
	if m.rot.checking {
		m.secret.hint = "Wait a moment: Twilio is checking the new key."
		return m, nil
	}
	m.secret.drop()
	m.state = stateRotateOldKey
	return m, nil
}

func (m Model) updateRotateOldKey(msg tea.KeyMsg) (Model, tea.Cmd) {
	old := m.rot.old
	switch {
	case key.Matches(msg, m.keys.DeleteOld):
		return m.openDelete(old)
	case key.Matches(msg, m.keys.KeepOld):
		m.list.replaced[old.SID] = m.rot.next.SID
		m.endRotation(true, "old key "+old.SID+" kept and marked replaced; delete it with d once nothing uses it")
	case key.Matches(msg, m.keys.Cancel):
		m.list.replaced[old.SID] = m.rot.next.SID
		m.endRotation(false, "old key "+old.SID+" kept and marked replaced")
	}
	return m, nil
}

// endRotation says in the status line what the rotation did and did not do,
// and forgets it.
func (m *Model) endRotation(done bool, oldKey string) {
	outcome := "Rotation stopped: "
	if done {
		outcome = "Rotation done: "
	}
	m.note(outcome + m.rot.newKeyOutcome() + "; " + oldKey)
	m.rot = rotation{}
	m.state = stateList
}

// newKeyOutcome says what became of the replacement.
func (r *rotation) newKeyOutcome() string {
	k := "new key " + r.next.SID
	switch {
	case r.next.SID == "":
		return "no new key was created"
	case r.checking:
		return k + " created; its check had not finished"
	case !r.checked:
		return k + " created, not checked"
	case r.checkErr == nil:
		return k + " created and verified"
	case twilio.IsAuthError(r.checkErr):
		return k + " created, but Twilio refused it in the check"
	}
	return k + " created, but the check got no answer from Twilio"
}

// checkLine is step 3 as the secret modal shows it.
func (m *Model) checkLine(width int) string {
	st := m.styles
	r := &m.rot
	switch {
	case r.checking:
		return st.Modal.Note.Render("Step 3 of 4 · " + m.spinner.View() + " Checking that Twilio accepts the new key…")
	case r.checkErr == nil:
		return st.Status.Success.Render("Step 3 of 4 · ✓ New key works")
	}
	verdict := describeError(r.checkErr)
	var te *twilio.Error
	if twilio.IsAuthError(r.checkErr) && errors.As(r.checkErr, &te) {
		verdict = fmt.Sprintf("Twilio refused the new key (%d/%d)", te.Status, te.Code)
	}
	return st.Form.Error.Width(width).Render("Step 3 of 4 · ✗ " + verdict + " · R checks again")
}

func (m *Model) rotateOldKeyView() string {
	st := m.styles
	r := &m.rot
	width := m.modalWidth()
	verdict := "✓ works"
	if r.checkErr != nil {
		verdict = "✗ did not pass the check"
	}
	field := func(label, value string) string { return st.Modal.Label.Render(padRight(label, 9)) + value }
	sections := []string{
		field("Old key", st.Modal.Value.Render(sanitize.Line(r.old.FriendlyName, width-9))) + "\n" +
			field("", sanitize.Line(r.old.SID, sidWidth)) + "\n" +
			field("New key", st.Modal.Value.Render(sanitize.Line(r.next.SID, sidWidth))+"  "+verdict),
		st.Modal.Warning.Width(width).Render("Twilio cannot tell whether the old key is still in use. " +
			"Delete it only once every app has the new key."),
	}
	if r.checkErr != nil {
		sections = append(sections, st.Form.Error.Width(width).Render("The new key did not pass the check: keeping the old key is safer."))
	}
	sections = append(sections, st.Screen.Text.Width(width).Render(
		"d    delete the old key now (type the last 4 characters of its SID)\n"+
			"k    keep it for now; the list marks it “replaced”\n"+
			"esc  stop here; the old key is kept and marked “replaced”"))
	return m.modal("Rotate API key · step 4 of 4: the old key", sections, false)
}
