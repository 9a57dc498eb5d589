package ui

import (
	"strings"
	"testing"
)

// TestSessionKeyMarkedAndWarned is issue 12's seventh finding: the key the
// console signs in with is marked in the list, and deleting it (directly or
// as a rotation's last step) says the console stops working.
func TestSessionKeyMarkedAndWarned(t *testing.T) {
	f := newFake(sampleKeys())
	f.apiKey = sid(1)
	m := loaded(t, f, 100, 30)
	var row string
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, sid(1)) {
			row = l
		}
	}
	if !strings.Contains(row, "● in use") {
		t.Errorf("the session's key is not marked:\n%s", m.View())
	}
	if strings.Count(m.View(), "● in use") != 1 {
		t.Errorf("another key is marked too:\n%s", m.View())
	}
	warning := "next request fails with 401"
	if k, _, _ := m.list.selected(); k.SID != sid(1) {
		t.Fatalf("the cursor is on %s, want the session's key", k.SID)
	}
	if v := press(m, "d").View(); !strings.Contains(v, warning) {
		t.Errorf("deleting the session's key does not say what will happen:\n%s", v)
	}
	if v := press(m, "j", "d").View(); strings.Contains(v, warning) {
		t.Errorf("deleting another key warns about the session:\n%s", v)
	}
	// Rotate it: create the replacement, save its secret, step 4 deletes it.
	m = press(m, "o", "enter")
	msg := createKeyCmd(testCtx, f, frontOf[createScreen](m).name.value(), frontOf[createScreen](m).keyType)().(keyCreatedMsg)
	m = send(m, msg)
	m = send(m, checkReplacementCmd(testCtx, f, msg.key.SID, *msg.secret)())
	m = press(m, "space", "enter")
	if m.state() != stateRotateOldKey {
		t.Fatalf("not at the rotation's last step but %v:\n%s", m.state(), m.View())
	}
	if v := press(m, "d").View(); !strings.Contains(v, warning) {
		t.Errorf("a rotation's delete of the session's key does not warn:\n%s", v)
	}
}
