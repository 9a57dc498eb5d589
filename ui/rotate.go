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

// rotationFlow replaces a key in four steps, by driving the screens every
// key uses: 1 the create form makes the replacement; 2 the secret modal
// shows its secret once, while 3 a check signs in as the new key; 4 the user
// deletes the old key (the usual typed confirmation) or keeps it, marked
// replaced. Twilio keys have no expiry and no last-used date, so only the
// user can say when the old key is unused. The flow is in front for the
// whole rotation; it passes keys to the step's screen and acts on what that
// screen asks, so the screens know nothing of rotation.
type rotationFlow struct {
	step   state      // stateCreate, stateSecret, stateRotateOldKey or stateDelete
	old    twilio.Key // the key being replaced
	next   twilio.Key // the replacement, once created
	create createScreen
	secret secretScreen
	oldKey oldKeyScreen
	del    deleteScreen

	checking bool
	checked  bool
	checkErr error // Twilio's answer to the check: nil means the new key works

	// undo is set once the user stops at step 2 without saving the secret:
	// the delete dialog is then for the new key, which nothing can use.
	undo bool
}

// startRotation opens step 1: the create form, prefilled for the replacement.
func startRotation(s *shared, k twilio.Key) intent {
	if why := createBlocked(s.account); why != "" {
		return failText(why)
	}
	t := twilio.KeyTypeStandard
	if k.Type == twilio.KeyTypeMain {
		t = twilio.KeyTypeMain
	}
	return open{rotationFlow{step: stateCreate, old: k, create: newCreateScreen(rotatedName(k.FriendlyName, s.cfg.Now()), t)}}
}

// current is the step's screen.
func (f *rotationFlow) current() screen {
	switch f.step {
	case stateSecret:
		return f.secret
	case stateRotateOldKey:
		return f.oldKey
	case stateDelete:
		return f.del
	}
	return f.create
}

// setCurrent stores the step's screen as its update returned it.
func (f *rotationFlow) setCurrent(s screen) {
	switch s := s.(type) {
	case secretScreen:
		f.secret = s
	case oldKeyScreen:
		f.oldKey = s
	case deleteScreen:
		f.del = s
	case createScreen:
		f.create = s
	}
}

func (f rotationFlow) id() state                { return f.current().id() }
func (f rotationFlow) takesText(s *shared) bool { return f.current().takesText(s) }
func (f rotationFlow) spinning() bool           { return f.checking }
func (f rotationFlow) drop()                    { f.secret.drop() }

func (f rotationFlow) resize(s *shared) screen {
	f.setCurrent(f.current().resize(s))
	return f
}

func (f rotationFlow) update(s *shared, msg tea.Msg) (screen, tea.Cmd, intent) {
	switch msg := msg.(type) {
	case replacementCheckedMsg:
		if msg.sid == f.next.SID {
			f.checking, f.checked, f.checkErr = false, true, msg.err
			f.secret.hold = ""
		}
		return f, nil, nil
	case tea.KeyMsg:
		if f.step == stateSecret && key.Matches(msg, s.keys.Reload) { // enabled only when the check failed
			cmd := f.checkReplacement(s)
			return f, cmd, nil
		}
	}
	child, cmd, in := f.current().update(s, msg)
	f.setCurrent(child)
	return f.after(s, in, cmd)
}

// after acts on what the step's screen asked.
func (f rotationFlow) after(s *shared, in intent, cmd tea.Cmd) (screen, tea.Cmd, intent) {
	old := f.old.SID
	if f.undo {
		return f.afterUndo(in, cmd)
	}
	switch in := in.(type) {
	case toList:
		switch {
		case in.reload: // the create got no answer
			return f, cmd, toList{say: failText(msgCreateOutcomeUnknown + " Rotation stopped; old key " + old + " unchanged."), reload: true}
		case f.step == stateCreate:
			return f.end(false, "old key "+old+" unchanged")
		}
		s.list.replaced[old] = f.next.SID // esc in step 4, or Cancel in its delete dialog
		return f.end(false, "old key "+old+" kept and marked replaced")
	case showSecret: // step 2, and 3 meanwhile: the secret is in memory only now
		f.next = in.key
		f.secret = secretScreen{key: in.key, secret: in.secret}
		f.step = stateSecret
		return f, tea.Batch(cmd, f.checkReplacement(s)), nil
	case secretClosed:
		if !in.saved {
			return f.offerUndo(s, cmd)
		}
		f.step, f.oldKey = stateRotateOldKey, oldKeyScreen{old: f.old, next: f.next, checkErr: f.checkErr}
		return f, cmd, nil
	case deleteOld:
		f.step, f.del = stateDelete, newDeleteScreen(f.old, "Rotation, step 4 of 4: new key "+f.next.SID+" replaces this one.")
		return f, cmd, nil
	case keepOld:
		s.list.replaced[old] = f.next.SID
		return f.end(true, "old key "+old+" kept and marked replaced; delete it with d once nothing uses it")
	case deleted:
		if in.gone {
			return f.end(true, "old key "+old+" was already deleted")
		}
		return f.end(true, "old key "+old+" deleted")
	}
	return f, cmd, in
}

// offerUndo follows a stop at step 2: the new key exists, but its secret
// was not confirmed saved, so unless the user saved it after all nothing
// can use the key. The delete dialog offers to remove it, with the same
// typed confirmation as any delete; a user who may not delete is told the
// key is there.
func (f rotationFlow) offerUndo(s *shared, cmd tea.Cmd) (screen, tea.Cmd, intent) {
	if s.cfg.Allowed != nil && !s.cfg.Allowed(ActionDelete) {
		return f.end(false, "it still exists; its secret was not confirmed saved, so old key "+f.old.SID+" was kept and not marked replaced")
	}
	f.step, f.undo = stateDelete, true
	f.del = newDeleteScreen(f.next, "Rotation stopped. This new key exists; its secret was not confirmed saved. "+
		"Delete it? The old key stays.")
	return f, cmd, nil
}

// afterUndo acts on the delete dialog for the new key.
func (f rotationFlow) afterUndo(in intent, cmd tea.Cmd) (screen, tea.Cmd, intent) {
	old := "old key " + f.old.SID + " unchanged"
	switch in := in.(type) {
	case toList: // esc, or Cancel
		return f.end(false, "it still exists (d deletes it); its secret was not confirmed saved, so old key "+
			f.old.SID+" was kept and not marked replaced")
	case deleted:
		if in.gone {
			return f, nil, toList{say: note("Rotation stopped: new key " + f.next.SID + " was already deleted; " + old)}
		}
		return f, nil, toList{say: note("Rotation stopped: new key " + f.next.SID + " deleted, its secret unsaved; " + old)}
	}
	return f, cmd, in
}

// end says in the status line what the rotation did and did not do.
func (f rotationFlow) end(done bool, oldKey string) (screen, tea.Cmd, intent) {
	outcome := "Rotation stopped: "
	if done {
		outcome = "Rotation done: "
	}
	return f, nil, toList{say: note(outcome + f.newKeyOutcome() + "; " + oldKey)}
}

func (f *rotationFlow) checkReplacement(s *shared) tea.Cmd {
	f.checking, f.checked, f.checkErr = true, false, nil
	f.secret.hold = "Wait a moment: Twilio is checking the new key."
	return tea.Batch(checkReplacementCmd(s.ctx, s.svc, f.secret.key.SID, *f.secret.secret), s.spinner.Tick)
}

func (f rotationFlow) bindings(s *shared) []key.Binding {
	short := f.current().bindings(s)
	if k := &s.keys; f.step == stateSecret && !f.secret.confirmClose {
		k.Done.SetHelp("enter", "next step")
		k.Reload.SetHelp("R", "check again")
		k.Reload.SetEnabled(f.checked && f.checkErr != nil)
	}
	return short
}

func (f rotationFlow) view(s *shared) string {
	st := s.styles
	switch f.step {
	case stateCreate:
		c, width := f.create, s.modalWidth()
		c.title = "Rotate API key · step 1 of 4: create the replacement"
		c.preface = st.Modal.Label.Render("Replacing  ") +
			st.Modal.Value.Render(sanitize.Line(f.old.FriendlyName, width-11)) + "\n" +
			st.Modal.Label.Render("           ") + sanitize.Line(f.old.SID, sidWidth)
		return c.view(s)
	case stateSecret:
		sec := f.secret
		sec.title = "Rotate API key · step 2 of 4: save the new secret"
		sec.extra = f.checkLine(s)
		return sec.view(s)
	}
	return f.current().view(s)
}

// rotatedPrefix is the date rotatedName puts first, and rotatedSuffix the
// mark earlier versions put last: a second rotation replaces either rather
// than stacking another.
var (
	rotatedPrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\s+`)
	rotatedSuffix = regexp.MustCompile(`\s*\(rotated \d{4}-\d{2}-\d{2}\)$`)
)

// rotatedName suggests the replacement's name: today's date, then the old
// name. The date goes first because a list cuts names at their end: with
// "billing (rotated …)" the old key and its replacement read the same in a
// narrow NAME column, and so do keys rotated on the same day with a
// "rotated <date>" prefix. Date first, the two differ from the first
// character and the rest still names the service. A name too long for the
// date loses its end, as the list would cut it anyway; the form shows it.
func rotatedName(old string, now time.Time) string {
	if !utf8.ValidString(old) {
		return old // the form will say what is wrong with it
	}
	base := strings.TrimSpace(rotatedPrefix.ReplaceAllString(rotatedSuffix.ReplaceAllString(strings.TrimSpace(old), ""), ""))
	name := []rune(now.Format("2006-01-02") + " " + base)
	if len(name) > twilio.MaxFriendlyNameLength {
		name = name[:twilio.MaxFriendlyNameLength]
	}
	return strings.TrimSpace(string(name))
}

// newKeyOutcome says what became of the replacement.
func (r *rotationFlow) newKeyOutcome() string {
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
func (f *rotationFlow) checkLine(s *shared) string {
	st := s.styles
	switch {
	case f.checking:
		return st.Modal.Note.Render("Step 3 of 4 · " + s.spinner.View() + " Checking that Twilio accepts the new key…")
	case f.checkErr == nil:
		return st.Status.Success.Render("Step 3 of 4 · ✓ New key works")
	}
	verdict := describeError(f.checkErr)
	var te *twilio.Error
	if twilio.IsAuthError(f.checkErr) && errors.As(f.checkErr, &te) {
		verdict = fmt.Sprintf("Twilio refused the new key (%d/%d)", te.Status, te.Code)
	}
	return st.Form.Error.Width(s.modalWidth()).Render("Step 3 of 4 · ✗ " + verdict + " · R checks again")
}
