package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// TestRotatedName is issue 12's tenth finding, rotation's half: the
// suggested name differs from the old one in its first characters, so the
// two read differently in a NAME column cut at 20 cells, where
// "billing-service production (rotated …)" read as the old key did.
func TestRotatedName(t *testing.T) {
	day := time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC)
	tests := []struct{ old, want string }{
		{"billing", "2026-11-29 billing"},
		{"", "2026-11-29"},
		{"2025-01-31 billing", "2026-11-29 billing"},           // replaces, never stacks
		{"billing (rotated 2025-01-31)", "2026-11-29 billing"}, // the mark earlier versions made
		{"billing (rotated soon)", "2026-11-29 billing (rotated soon)"},
		{strings.Repeat("x", 53), "2026-11-29 " + strings.Repeat("x", 53)}, // exactly 64
		{strings.Repeat("x", 54), "2026-11-29 " + strings.Repeat("x", 53)}, // the end goes, never the date
		{strings.Repeat("é", 60), "2026-11-29 " + strings.Repeat("é", 53)}, // characters, not bytes
		{"\xff bad", "\xff bad"},
	}
	for _, tt := range tests {
		got := rotatedName(tt.old, day)
		if got != tt.want {
			t.Errorf("rotatedName(%q) = %q, want %q", tt.old, got, tt.want)
		}
		if _, err := twilio.CleanFriendlyName(got); err != nil && tt.old != "\xff bad" {
			t.Errorf("rotatedName(%q) is not a name Twilio accepts: %v", tt.old, err)
		}
	}
	// In the list's narrowest NAME cell the replacement and the old key differ.
	for _, old := range []string{"analytics-export", "billing-service production"} {
		if cut := 20; sanitize.Line(old, cut) == sanitize.Line(rotatedName(old, day), cut) {
			t.Errorf("%q and its replacement read the same cut at %d cells", old, cut)
		}
	}
}

// TestRotationWaitsForTheCheck: step 2 does not move on while the check is
// out; stopping then says so, and the late answer changes nothing.
func TestRotationWaitsForTheCheck(t *testing.T) {
	m, f := rotationCreated(t, 80, 24)
	m = press(m, "space", "enter")
	if m.state() != stateSecret || !strings.Contains(m.View(), "Wait a moment") {
		t.Fatalf("state %v: step 2 must wait for the check\n%s", m.state(), m.View())
	}
	m = press(m, "space", "esc", "y", "esc") // untick, close anyway, keep the new key
	want := "Rotation stopped: new key " + newSID + " created; its check had not finished; it still exists (d deletes it); " +
		"its secret was not confirmed saved, so old key " + sid(1) + " was kept and not marked replaced"
	if m.status.text != want {
		t.Errorf("status\n%q, want\n%q", m.status.text, want)
	}
	m = send(m, checkReplacementCmd(testCtx, f, newSID, fakeSecret)())
	if rotating(m) || m.status.text != want || len(m.list.replaced) != 0 {
		t.Error("the check's late answer revived the stopped rotation")
	}
}

// TestRotationCheckAgain: after a failed check, R checks again with the new
// key's SID and secret, and the modal shows the new answer.
func TestRotationCheckAgain(t *testing.T) {
	m, f := rotationCreated(t, 80, 24)
	m = send(m, replacementCheckedMsg{sid: newSID, err: &twilio.Error{Op: "check key", Status: 401, Code: 20003}})
	if !strings.Contains(m.View(), "Twilio refused the new key (401/20003)") {
		t.Fatalf("no refusal shown:\n%s", m.View())
	}
	next, cmd := m.Update(keyMsg("R"))
	m = next.(Model)
	for _, msg := range runCmd(cmd) {
		m = send(m, msg)
	}
	if !strings.Contains(m.View(), "✓ New key works") {
		t.Errorf("the second check's answer is not shown:\n%s", m.View())
	}
	if got := f.Calls(); !slices.Equal(got, []string{`create "` + rotatedFirstName + `" standard`,
		"check " + newSID + " " + fakeSecret}) {
		t.Errorf("calls %q", got)
	}
}

func TestRotationCreateWithoutAnswer(t *testing.T) {
	m := press(loaded(t, newFake(sampleKeys()), 80, 24), "o", "enter")
	m = send(m, keyCreatedMsg{err: fmt.Errorf("create key: %w", twilio.ErrOutcomeUnknown)})
	if rotating(m) || m.state() != stateList || !m.status.isErr {
		t.Fatalf("rotation active %v, state %v", rotating(m), m.state())
	}
	for _, want := range []string{"may or may not have been created", "Rotation stopped; old key " + sid(1) + " unchanged"} {
		if !strings.Contains(m.status.text, want) {
			t.Errorf("status %q lacks %q", m.status.text, want)
		}
	}
}

func TestRotationStarts(t *testing.T) {
	keys := sampleKeys()
	keys[1].Type = twilio.KeyTypeMain
	tests := []struct {
		name     string
		keys     []string
		old      string
		wantName string
		wantType twilio.KeyType
	}{
		{"from the list", []string{"o"}, sid(1), rotatedFirstName, twilio.KeyTypeStandard},
		{"from details, a Main key", []string{"j", "enter", "o"}, sid(2), "2026-11-29 ci-deploy", twilio.KeyTypeMain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := press(loaded(t, newFake(keys), 80, 24), tt.keys...)
			if m.state() != stateCreate || rotationOld(m) != tt.old {
				t.Fatalf("state %v, replacing %q", m.state(), rotationOld(m))
			}
			if frontOf[createScreen](m).name.value() != tt.wantName || frontOf[createScreen](m).keyType != tt.wantType {
				t.Errorf("form prefilled %q %s, want %q %s", frontOf[createScreen](m).name.value(), frontOf[createScreen](m).keyType, tt.wantName, tt.wantType)
			}
		})
	}
}

// TestDeletingAReplacementUnmarksItsOldKey: the mark says the old key has a
// replacement; once that replacement is deleted, it no longer has one.
func TestDeletingAReplacementUnmarksItsOldKey(t *testing.T) {
	m := press(rotationChecked(t, 80, 24), "space", "enter", "k")
	if m.list.replaced[sid(1)] != newSID {
		t.Fatalf("replaced %v after keeping the old key", m.list.replaced)
	}
	m = send(m, keyDeletedMsg{key: m.list.store.keys[m.list.store.IndexOf(newSID)].key})
	if len(m.list.replaced) != 0 || strings.Contains(m.View(), "↻") {
		t.Errorf("replaced %v after its replacement was deleted:\n%s", m.list.replaced, m.View())
	}
}

// TestRotationStoppedByAnOperatorSaysTheNewKeyExists: a user who may not
// delete is not offered the delete dialog, and is told the new key exists.
func TestRotationStoppedByAnOperatorSaysTheNewKeyExists(t *testing.T) {
	m, _ := loadedWith(t, func(a Action) bool { return a != ActionDelete })
	next, cmd := press(m, "o").Update(keyMsg("enter"))
	m = press(send(next.(Model), runCmd(cmd)...), "esc", "y") // created; close unsaved
	if rotating(m) || m.state() != stateList || !strings.Contains(m.status.text, "new key "+newSID+" created") ||
		!strings.Contains(m.status.text, "it still exists;") {
		t.Errorf("rotating %v, state %v, status %q", rotating(m), m.state(), m.status.text)
	}
}
