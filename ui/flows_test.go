package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/uitest"
)

// These tests run the whole program (a real tea.Program with in-memory
// terminal I/O) against the fake service, as a user would drive it.

const waitLimit = 10 * time.Second // generous for -race on 2 cores; WaitFor returns as soon as the text shows

func startProgram(t *testing.T, cfg Config, w, h int) *teatest.TestModel {
	t.Helper()
	return teatest.NewTestModel(t, New(cfg), teatest.WithInitialTermSize(w, h))
}

// waitFor blocks until the screen has drawn every one of texts since the
// last wait; sendKeys sends each key name in order.
var (
	waitFor  = uitest.WaitFor
	sendKeys = uitest.Send
)

// finish quits and returns the model as the program left it.
func finish(t *testing.T, tm *teatest.TestModel) Model {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit)).(Model)
}

func TestFlowCreateCopyAndClose(t *testing.T) {
	f := newFake(sampleKeys())
	native, cb := newClipboard()
	tm := startProgram(t, testConfig(f, cb), 80, 24)
	waitFor(t, tm, "ci-deploy", "1–7 of 7 keys")

	sendKeys(tm, "n")
	waitFor(t, tm, "Create API key")
	tm.Type("payments worker")
	sendKeys(tm, "enter")
	waitFor(t, tm, "New API key created", fakeSecret, "only time the secret will be shown")

	sendKeys(tm, "c")
	waitFor(t, tm, "Secret copied to the clipboard")
	if got := native.Copies(); !slices.Equal(got, []string{fakeSecret}) {
		t.Fatalf("clipboard got %q, want the secret", got)
	}
	sendKeys(tm, "s")
	waitFor(t, tm, "SID copied to the clipboard")
	sendKeys(tm, "e")
	waitFor(t, tm, "SID and secret copied to the clipboard")

	sendKeys(tm, "space", "enter")
	waitFor(t, tm, "Created payments worker (SK0000000000000000000000000000f001)")
	m := finish(t, tm)

	if m.state() != stateList {
		t.Errorf("state %v, want list", m.state())
	}
	if frontOf[secretScreen](m) != (secretScreen{}) {
		t.Error("the secret modal's state outlived the modal")
	}
	if k, _, _ := m.list.selected(); k.SID != "SK0000000000000000000000000000f001" || m.list.cursor != 0 {
		t.Errorf("cursor on %s at row %d, want the new key at the top", k.SID, m.list.cursor)
	}
	if m.list.store.Total() != 8 {
		t.Errorf("%d keys listed, want 8", m.list.store.Total())
	}
	if f.lists != 1 {
		t.Errorf("listed %d times; a create must insert one row, not reload", f.lists)
	}
	copies := native.Copies()
	wantEnv := "TWILIO_API_KEY='SK0000000000000000000000000000f001'\nTWILIO_API_SECRET='" + fakeSecret + "'\n"
	if !slices.Equal(copies, []string{fakeSecret, "SK0000000000000000000000000000f001", wantEnv}) {
		t.Errorf("clipboard copies %q", copies)
	}
	if got := f.Calls(); !slices.Equal(got, []string{`create "payments worker" standard`}) {
		t.Errorf("calls %q", got)
	}
}

func TestFlowSecretEscAsksFirst(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 80, 24)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("ci")
	sendKeys(tm, "enter")
	waitFor(t, tm, "New API key created")

	sendKeys(tm, "enter") // Done before ticking the box
	waitFor(t, tm, "Tick the box")
	sendKeys(tm, "esc")
	waitFor(t, tm, "Close anyway? (y/N)")
	sendKeys(tm, "n") // keeps the modal, with the hint back
	waitFor(t, tm, "Tick the box")
	sendKeys(tm, "esc")
	waitFor(t, tm, "Close anyway? (y/N)")
	sendKeys(tm, "y")
	waitFor(t, tm, "Created ci (SK0000000000000000000000000000f001)")
	m := finish(t, tm)
	if m.state() != stateList || frontOf[secretScreen](m).secret != nil {
		t.Errorf("state %v, secret held %v", m.state(), frontOf[secretScreen](m).secret != nil)
	}
	if m.list.store.Total() != 8 {
		t.Errorf("%d keys, want 8", m.list.store.Total())
	}
}

func TestFlowSecretNoKeepsModal(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 80, 24)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("ci")
	sendKeys(tm, "enter")
	waitFor(t, tm, "New API key created")
	sendKeys(tm, "esc")
	waitFor(t, tm, "Close anyway? (y/N)")
	sendKeys(tm, "n", "space") // n answers the question; space then ticks the box
	waitFor(t, tm, "[x] I have saved")
	m := finish(t, tm)
	if m.state() != stateSecret || frontOf[secretScreen](m).confirmClose || !frontOf[secretScreen](m).saved {
		t.Errorf("state %v confirm %v saved %v: n must keep the modal open", m.state(), frontOf[secretScreen](m).confirmClose, frontOf[secretScreen](m).saved)
	}
}

func TestFlowRename(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 80, 24)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "j", "r")
	waitFor(t, tm, "Rename API key", "> ci-deploy")
	tm.Type(" v2")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Renamed SK00000000000000000000000000000002 to ci-deploy v2")
	m := finish(t, tm)
	if k := m.list.store.Row(1).key; k.FriendlyName != "ci-deploy v2" || k.SID != sid(2) {
		t.Errorf("row 1 is %+v, want the renamed key in place", k)
	}
	if m.list.store.Total() != 7 || f.lists != 1 {
		t.Errorf("total %d, lists %d: a rename replaces one row", m.list.store.Total(), f.lists)
	}
	if got := f.Calls(); !slices.Equal(got, []string{fmt.Sprintf("rename %s %q", sid(2), "ci-deploy v2")}) {
		t.Errorf("calls %q", got)
	}
}

func TestFlowRenameErrorKeepsInput(t *testing.T) {
	f := newFake(sampleKeys())
	f.renameErr = &twilio.Error{Op: "rename key", Status: 400, Code: 70001, Message: "FriendlyName is invalid",
		MoreInfo: "https://www.twilio.com/docs/errors/70001"}
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "j", "r")
	tm.Type(" v2")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Twilio error 70001", "FriendlyName is", "https://www.twilio.com/docs/errors/70001")
	m := finish(t, tm)
	if m.state() != stateRename || frontOf[renameScreen](m).name.value() != "ci-deploy v2" {
		t.Errorf("state %v, field %q: a failed rename keeps what was typed", m.state(), frontOf[renameScreen](m).name.value())
	}
	if m.list.store.Row(1).key.FriendlyName != "ci-deploy" {
		t.Error("the row changed although Twilio refused the rename")
	}
}

func TestFlowCreateErrorKeepsInput(t *testing.T) {
	f := newFake(sampleKeys())
	f.createErr = &twilio.Error{Op: "create key", Status: 429, Code: 20429, Message: "Too Many Requests",
		MoreInfo: "https://www.twilio.com/docs/errors/20429"}
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("payments worker")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Twilio error 20429", "Too Many Requests", "https://www.twilio.com/docs/errors/20429")
	m := finish(t, tm)
	if m.state() != stateCreate || frontOf[createScreen](m).name.value() != "payments worker" {
		t.Errorf("state %v, field %q: a failed create keeps what was typed", m.state(), frontOf[createScreen](m).name.value())
	}
	if m.list.store.Total() != 7 {
		t.Errorf("%d keys after a failed create", m.list.store.Total())
	}
}

func TestFlowCreateOutcomeUnknownReloads(t *testing.T) {
	f := newFake(sampleKeys())
	f.createErr = fmt.Errorf("create key: %w", twilio.ErrOutcomeUnknown)
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("maybe")
	sendKeys(tm, "enter")
	waitFor(t, tm, "may or may not have been created")
	m := finish(t, tm)
	if m.state() != stateList || f.lists != 2 {
		t.Errorf("state %v, lists %d: an unknown outcome closes the form and reloads", m.state(), f.lists)
	}
}

func TestFlowDeleteCancelThenConfirm(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 80, 24)
	waitFor(t, tm, "1–7 of 7 keys")

	sendKeys(tm, "d")
	waitFor(t, tm, "Delete API key?", "stop working at once", "cannot be undone")
	sendKeys(tm, "enter") // Cancel has the focus
	waitFor(t, tm, "n new key")

	sendKeys(tm, "d")
	waitFor(t, tm, "Delete API key?")
	tm.Type("0002") // the wrong four
	sendKeys(tm, "tab", "enter")
	waitFor(t, tm, "“0002” doesn't match the end of the SID")
	if calls := f.Calls(); len(calls) != 0 {
		t.Fatalf("deleted with the wrong suffix: %q", calls)
	}
	sendKeys(tm, "backspace", "backspace", "backspace", "backspace")
	tm.Type("0001")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Deleted billing-service production (SK00000000000000000000000000000001)")
	m := finish(t, tm)
	if m.list.store.Total() != 6 || m.list.store.IndexOf(sid(1)) >= 0 {
		t.Errorf("%d keys, deleted key at %d", m.list.store.Total(), m.list.store.IndexOf(sid(1)))
	}
	if got := f.Calls(); !slices.Equal(got, []string{"delete " + sid(1)}) {
		t.Errorf("calls %q", got)
	}
	if f.lists != 1 {
		t.Errorf("listed %d times; a delete removes one row", f.lists)
	}
}

func TestFlowDeleteSuffixIgnoresCase(t *testing.T) {
	keys := sampleKeys()
	keys[0].SID = "SK0123456789abcdef0123456789ABCDEF"
	f := newFake(keys)
	tm := startProgram(t, testConfig(f, nil), 80, 24)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "d")
	tm.Type("cdef")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Deleted billing-service production")
	finish(t, tm)
	if got := f.Calls(); !slices.Equal(got, []string{"delete SK0123456789abcdef0123456789ABCDEF"}) {
		t.Errorf("calls %q", got)
	}
}

func TestFlowMainAgainstRealTwilio(t *testing.T) {
	f := newFake(sampleKeys())
	f.sandbox = false
	native, cb := newClipboard()
	tm := startProgram(t, testConfig(f, cb), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("admin")
	sendKeys(tm, "tab", "tab", "space")
	waitFor(t, tm, "Twilio creates Main keys only in its Console", twilio.ConsoleAPIKeysURL)
	sendKeys(tm, "enter")
	waitFor(t, tm, "press c to copy its address")
	sendKeys(tm, "c")
	waitFor(t, tm, "Console address copied to the clipboard")
	m := finish(t, tm)
	if calls := f.Calls(); len(calls) != 0 {
		t.Errorf("Main against real Twilio called %q; it must not submit", calls)
	}
	if got := native.Copies(); !slices.Equal(got, []string{twilio.ConsoleAPIKeysURL}) {
		t.Errorf("clipboard %q, want the Console address", got)
	}
	if m.state() != stateCreate || frontOf[createScreen](m).name.value() != "admin" {
		t.Errorf("state %v name %q: the form stays with what was typed", m.state(), frontOf[createScreen](m).name.value())
	}
}

func TestFlowMainAgainstSandbox(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("admin")
	sendKeys(tm, "tab", "tab", "space", "enter")
	waitFor(t, tm, "New API key created", "Main")
	m := finish(t, tm)
	if got := f.Calls(); !slices.Equal(got, []string{`create "admin" main`}) {
		t.Errorf("calls %q, want one create of a Main key", got)
	}
	if m.list.store.Row(0).key.Type != twilio.KeyTypeMain {
		t.Errorf("the new row's type is %q", m.list.store.Row(0).key.Type)
	}
}

func TestFlowAuthFailureQuits(t *testing.T) {
	f := newFake(sampleKeys())
	f.fetchErr = &twilio.Error{Op: "fetch account", Status: 401, Code: 20003, Message: "Authenticate"}
	tm := startProgram(t, testConfig(f, nil), 80, 24)
	waitFor(t, tm, "Twilio refused these credentials", "Standard or Restricted API key", "Main API key")
	sendKeys(tm, "x")
	m := tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit)).(Model)
	if m.exitErr != ErrCredentialsRejected {
		t.Errorf("exit error %v, want ErrCredentialsRejected", m.exitErr)
	}
	// The keys are asked for beside the account, so the fake (which, unlike
	// Twilio, lists them for refused credentials) may have sent some: none
	// may be kept.
	if n := m.list.store.Total(); n != 0 {
		t.Errorf("the list kept %d keys listed with refused credentials", n)
	}
}

func TestFlowStartErrorRetries(t *testing.T) {
	f := newFake(sampleKeys())
	f.fetchErr = fmt.Errorf("fetch account: dial tcp 127.0.0.1:9: connect: connection refused")
	tm := startProgram(t, testConfig(f, nil), 80, 24)
	waitFor(t, tm, "Could not reach Twilio", "connection refused", "Press R to try again")
	f.mu.Lock()
	f.fetchErr = nil
	f.mu.Unlock()
	sendKeys(tm, "R")
	waitFor(t, tm, "Acme Production", "1–7 of 7 keys")
	finish(t, tm)
}

func TestFlowHundredThousandKeys(t *testing.T) {
	f := newFake(manyKeys(100_000))
	tm := startProgram(t, testConfig(f, nil), 120, 40)
	waitFor(t, tm, "of 100,000 keys")
	sendKeys(tm, "G")
	waitFor(t, tm, "key-099999", "–100,000 of 100,000 keys")
	sendKeys(tm, "g", "/")
	tm.Type("key-054321")
	waitFor(t, tm, "1 match in 100,000 keys")
	m := finish(t, tm)
	if m.list.store.Len() != 1 {
		t.Fatalf("%d matches, want exactly one", m.list.store.Len())
	}
	if k, _, _ := m.list.selected(); k.FriendlyName != "key-054321" {
		t.Errorf("selected %q", k.FriendlyName)
	}
}

func TestFlowListUsableWhileLoading(t *testing.T) {
	f := newFake(manyKeys(3000))
	f.gate = make(chan struct{})
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "Loading… 1,000 keys")
	sendKeys(tm, "/")
	tm.Type("key-00050")
	waitFor(t, tm, "1–10 of 10 matches in 1,000 keys")
	close(f.gate) // the other pages arrive while the filter is on
	waitFor(t, tm, "of 10 matches in 3,000 keys")
	m := finish(t, tm)
	if m.list.loading || m.list.store.Total() != 3000 {
		t.Errorf("loading %v, %d keys", m.list.loading, m.list.store.Total())
	}
	if m.list.filter.Value() != "key-00050" || m.list.store.Len() != 10 {
		t.Errorf("filter %q shows %d rows", m.list.filter.Value(), m.list.store.Len())
	}
}

func TestFlowTooSmallThenResize(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 50, 12)
	waitFor(t, tm, "Terminal too small (need 60x16, have 50x12)")
	tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	waitFor(t, tm, "1–7 of 7 keys")
	finish(t, tm)
}

// TestFlowMainStaysChosenOnTheWayToCreate: ↓ onto Main, ↓ onto Create, Enter
// makes a Main key, and the radio's dot sat on Main all the way.
func TestFlowMainStaysChosenOnTheWayToCreate(t *testing.T) {
	f := newFake(sampleKeys())
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")
	sendKeys(tm, "n")
	tm.Type("admin")
	sendKeys(tm, "down", "down")
	waitFor(t, tm, "(•) Main", "creates a Main key")
	sendKeys(tm, "down")
	waitFor(t, tm, "> [ Create ]", "creates a Main key")
	sendKeys(tm, "enter")
	waitFor(t, tm, "New API key created", "Main")
	finish(t, tm)
	if got := f.Calls(); !slices.Equal(got, []string{`create "admin" main`}) {
		t.Errorf("calls %q, want one create of a Main key", got)
	}
}
