package ui

import (
	"slices"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
)

// Rotation flows: the first key (billing-service production, SK…0001) is
// replaced by the first key the fake creates (newSID), whose secret is
// fakeSecret.

const rotatedFirstName = "2026-11-29 billing-service production"

// rotationCalls are what the fake sees up to step 4: the create, then the
// check signing in as the new key with its own secret.
var rotationCalls = []string{
	`create "` + rotatedFirstName + `" standard`,
	"check " + newSID + " " + fakeSecret,
}

// toStep4 drives a rotation of the first key to its last step.
func toStep4(t *testing.T, f *fakeService) *teatest.TestModel {
	t.Helper()
	tm := startProgram(t, testConfig(f, nil), 160, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "o")
	waitFor(t, tm, "step 1 of 4", "> "+rotatedFirstName)
	sendKeys(tm, "enter")
	waitFor(t, tm, "step 2 of 4", fakeSecret, "✓ New key works")
	sendKeys(tm, "space", "enter")
	waitFor(t, tm, "step 4 of 4", newSID+"  ✓ works")
	return tm
}

func TestFlowRotateThenDeleteOldKey(t *testing.T) {
	f := newFake(sampleKeys())
	tm := toStep4(t, f)
	sendKeys(tm, "d")
	waitFor(t, tm, "Delete API key?", "Rotation, step 4 of 4: new key "+newSID)
	tm.Type("0002") // the last four of another key
	sendKeys(tm, "tab", "enter")
	waitFor(t, tm, "“0002” doesn't match the end of the SID")
	if got := f.Calls(); !slices.Equal(got, rotationCalls) {
		t.Fatalf("calls %q before the right suffix, want only the create and the check", got)
	}
	sendKeys(tm, "backspace", "backspace", "backspace", "backspace")
	tm.Type("0001")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Rotation done", "deleted")
	m := finish(t, tm)

	if got, want := f.Calls(), append(slices.Clone(rotationCalls), "delete "+sid(1)); !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
	want := "Rotation done: new key " + newSID + " created and verified; old key " + sid(1) + " deleted"
	if m.status.text != want {
		t.Errorf("status %q, want %q", m.status.text, want)
	}
	if m.list.store.IndexOf(sid(1)) >= 0 || m.list.store.IndexOf(newSID) < 0 || m.list.store.Total() != 7 {
		t.Error("the list should hold the new key and not the old one")
	}
	if len(m.list.replaced) != 0 || rotating(m) || m.state() != stateList {
		t.Errorf("replaced %v, rotation active %v, state %v", m.list.replaced, rotating(m), m.state())
	}
	if modelHolds(m, fakeSecret) {
		t.Error("the model kept the new key's secret after the rotation")
	}
}

func TestFlowRotateKeepOldKey(t *testing.T) {
	f := newFake(sampleKeys())
	tm := toStep4(t, f)
	sendKeys(tm, "k")
	waitFor(t, tm, "Rotation done", "billing-service production ↻ replaced", "↻ replaced by a rotation")
	m := finish(t, tm)

	if got := f.Calls(); !slices.Equal(got, rotationCalls) {
		t.Errorf("calls %q: keeping the old key deletes nothing", got)
	}
	if m.list.replaced[sid(1)] != newSID || len(m.list.replaced) != 1 {
		t.Errorf("replaced %v, want %s → %s", m.list.replaced, sid(1), newSID)
	}
	if m.list.store.IndexOf(sid(1)) < 0 || m.list.store.Total() != 8 {
		t.Error("the old key left the list although it was kept")
	}
}

// TestFlowDeletingAReplacedKeyDropsTheMark: a kept old key is marked until
// it is deleted, later, with the usual d.
func TestFlowDeletingAReplacedKeyDropsTheMark(t *testing.T) {
	f := newFake(sampleKeys())
	tm := toStep4(t, f)
	sendKeys(tm, "k")
	waitFor(t, tm, "↻ replaced")
	sendKeys(tm, "j", "d") // the new key is on top; the old one is under it
	waitFor(t, tm, "Delete API key?", sid(1))
	tm.Type("0001")
	sendKeys(tm, "enter") // the right suffix puts the focus on Delete
	waitFor(t, tm, "Deleted billing-service production")
	m := finish(t, tm)
	if len(m.list.replaced) != 0 {
		t.Errorf("replaced %v after the old key was deleted", m.list.replaced)
	}
}

// TestFlowRotateCancelAtEachStep: whichever step the user stops at, the
// status line says what happened to the new key and the old one, and the
// fake shows exactly that.
func TestFlowRotateCancelAtEachStep(t *testing.T) {
	created := "new key " + newSID + " created and verified"
	tests := []struct {
		name      string
		drive     func(t *testing.T, f *fakeService) *teatest.TestModel
		status    string
		calls     []string
		wantKept  bool // the old key is marked replaced
		wantTotal int
	}{
		{
			name: "step 1, the create form",
			drive: func(t *testing.T, f *fakeService) *teatest.TestModel {
				tm := startProgram(t, testConfig(f, nil), 160, 30)
				waitFor(t, tm, "1–7 of 7 keys")
				sendKeys(tm, "o")
				waitFor(t, tm, "step 1 of 4")
				sendKeys(tm, "esc")
				return tm
			},
			status:    "Rotation stopped: no new key was created; old key " + sid(1) + " unchanged",
			wantTotal: 7,
		},
		{
			name: "step 2, closing the secret unsaved",
			drive: func(t *testing.T, f *fakeService) *teatest.TestModel {
				tm := startProgram(t, testConfig(f, nil), 160, 30)
				waitFor(t, tm, "1–7 of 7 keys")
				sendKeys(tm, "o", "enter")
				waitFor(t, tm, "step 2 of 4", "✓ New key works")
				sendKeys(tm, "esc")
				waitFor(t, tm, "Close anyway?")
				sendKeys(tm, "y")
				waitFor(t, tm, "Delete API key?", "This new key exists", newSID)
				sendKeys(tm, "esc") // keep it
				return tm
			},
			status: "Rotation stopped: " + created + "; it still exists (d deletes it); its secret was not confirmed saved, " +
				"so old key " + sid(1) + " was kept and not marked replaced",
			calls:     rotationCalls,
			wantTotal: 8,
		},
		{
			name: "step 4, esc at the question",
			drive: func(t *testing.T, f *fakeService) *teatest.TestModel {
				tm := toStep4(t, f)
				sendKeys(tm, "esc")
				return tm
			},
			status:    "Rotation stopped: " + created + "; old key " + sid(1) + " kept and marked replaced",
			calls:     rotationCalls,
			wantKept:  true,
			wantTotal: 8,
		},
		{
			name: "step 4, esc in the delete dialog",
			drive: func(t *testing.T, f *fakeService) *teatest.TestModel {
				tm := toStep4(t, f)
				sendKeys(tm, "d")
				waitFor(t, tm, "Delete API key?")
				tm.Type("0001") // typed, but never confirmed
				sendKeys(tm, "esc")
				return tm
			},
			status:    "Rotation stopped: " + created + "; old key " + sid(1) + " kept and marked replaced",
			calls:     rotationCalls,
			wantKept:  true,
			wantTotal: 8,
		},
		{
			name: "step 4, the Cancel button",
			drive: func(t *testing.T, f *fakeService) *teatest.TestModel {
				tm := toStep4(t, f)
				sendKeys(tm, "d")
				waitFor(t, tm, "Delete API key?")
				sendKeys(tm, "enter") // Cancel has the focus
				return tm
			},
			status:    "Rotation stopped: " + created + "; old key " + sid(1) + " kept and marked replaced",
			calls:     rotationCalls,
			wantKept:  true,
			wantTotal: 8,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(sampleKeys())
			tm := tt.drive(t, f)
			waitFor(t, tm, "Rotation stopped")
			m := finish(t, tm)
			if m.status.text != tt.status {
				t.Errorf("status\n%q, want\n%q", m.status.text, tt.status)
			}
			if got := f.Calls(); !slices.Equal(got, tt.calls) {
				t.Errorf("calls %q, want %q", got, tt.calls)
			}
			if _, kept := m.list.replaced[sid(1)]; kept != tt.wantKept {
				t.Errorf("old key marked replaced: %v, want %v", kept, tt.wantKept)
			}
			if m.list.store.Total() != tt.wantTotal || m.list.store.IndexOf(sid(1)) < 0 {
				t.Errorf("%d keys, old key at %d", m.list.store.Total(), m.list.store.IndexOf(sid(1)))
			}
			if rotating(m) || m.state() != stateList || modelHolds(m, fakeSecret) {
				t.Errorf("rotation active %v, state %v, secret held %v", rotating(m), m.state(), modelHolds(m, fakeSecret))
			}
		})
	}
}

// TestFlowRotateStoppedOffersToDeleteTheNewKey is issue 12's fourteenth
// finding: a rotation stopped after the new key was created, its secret not
// confirmed saved, left the key behind with one line in the status. The
// delete dialog now says the new key exists, names its SID, and deletes it
// once its last four characters are typed; the old key stays unmarked.
func TestFlowRotateStoppedOffersToDeleteTheNewKey(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "o", "enter")
	waitFor(t, tm, "step 2 of 4", "✓ New key works")
	sendKeys(tm, "esc")
	waitFor(t, tm, "Close anyway?")
	sendKeys(tm, "y")
	waitFor(t, tm, "Delete API key?", "This new key exists", "SID   "+newSID)
	tm.Type(newSID[len(newSID)-4:])
	sendKeys(tm, "enter")
	waitFor(t, tm, "Rotation stopped")
	m := finish(t, tm)

	want := "Rotation stopped: new key " + newSID + " deleted, its secret unsaved; old key " + sid(1) + " unchanged"
	if m.status.text != want {
		t.Errorf("status\n%q, want\n%q", m.status.text, want)
	}
	if got, want := f.Calls(), append(slices.Clone(rotationCalls), "delete "+newSID); !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
	if m.list.store.IndexOf(newSID) >= 0 || m.list.store.IndexOf(sid(1)) < 0 || len(m.list.replaced) != 0 {
		t.Errorf("new key listed: %v; old key listed: %v; replaced %v",
			m.list.store.IndexOf(newSID) >= 0, m.list.store.IndexOf(sid(1)) >= 0, m.list.replaced)
	}
	if rotating(m) || m.state() != stateList || modelHolds(m, fakeSecret) {
		t.Errorf("rotation active %v, state %v, secret held %v", rotating(m), m.state(), modelHolds(m, fakeSecret))
	}
}
