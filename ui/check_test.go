package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// oneLine is a frame with its box drawing and line breaks gone, so a
// sentence wrapped inside a dialog can be looked for whole.
func oneLine(frame string) string {
	var words []string
	for _, l := range strings.Split(ansi.Strip(frame), "\n") {
		words = append(words, strings.Fields(strings.Trim(l, " │╭╮╰╯─"))...)
	}
	return strings.Join(words, " ")
}

// TestCheckSaysWhichKeysPass is issue 12's seventeenth finding: the check
// said "a key works only in its own account", yet in a subaccount Twilio
// (and the sandbox) accept the parent's Main keys. The words now match.
func TestCheckSaysWhichKeysPass(t *testing.T) {
	sub, _ := openSub(t, 80, 24, stagingSID)
	if text := oneLine(press(sub, "v").View()); !strings.Contains(text, "its own keys pass, and so do its parent account's Main keys") ||
		strings.Contains(text, "only in its own account") {
		t.Errorf("in a subaccount the check says:\n%s", text)
	}
	top := loaded(t, newFake(sampleKeys()), 80, 24)
	if text := oneLine(press(top, "v").View()); !strings.Contains(text, "only its own keys pass") {
		t.Errorf("in a main account the check says:\n%s", text)
	}
}

// TestCheckTellsMainKeys is the other half of issue 12's sixteenth
// finding: the details send the user to v to learn whether a key is Main,
// so v says, and the list remembers it for the details.
func TestCheckTellsMainKeys(t *testing.T) {
	f := newFake(sampleKeys())
	f.mains = map[string]bool{sid(2): true}            // Main, though the listing cannot say so
	check := func(m Model, n int, move string) Model { // v checks the selected key
		m = typeText(press(m, move, "v"), f.secrets[sid(n)])
		m = press(m, "enter")
		return send(m, checkKeyCmd(testCtx, f, sid(n), f.secrets[sid(n)])())
	}
	m := check(loaded(t, f, 80, 24), 2, "j")
	if text := oneLine(m.View()); !strings.Contains(text, "It is a Main key") {
		t.Errorf("a Main key checked:\n%s", text)
	}
	m = check(press(m, "esc"), 1, "k")
	if text := oneLine(m.View()); !strings.Contains(text, "It is not a Main key") {
		t.Errorf("a Standard key checked:\n%s", text)
	}
	details := oneLine(press(m, "esc", "j", "enter").View())
	if !strings.Contains(details, "Type Main") {
		t.Errorf("after the check, the details of the Main key say:\n%s", details)
	}
	if k := m.list.store.keys[m.list.store.IndexOf(sid(1))].key; k.Type != twilio.KeyTypeUnknown {
		t.Errorf("a key that is not Main became %s", k.Type)
	}
}
