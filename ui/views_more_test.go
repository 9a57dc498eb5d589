package ui

import (
	"errors"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

// Golden views of the account picker, rotation and the check form; TestViews
// draws them with the others.
var moreViewCases = []struct {
	name  string
	setup func(t *testing.T, w, h int) Model
}{
	{"accounts_loading", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFamily(sampleKeys()), w, h), "a")
	}},
	{"accounts", func(t *testing.T, w, h int) Model {
		m, _ := picker(t, w, h)
		return m
	}},
	{"accounts_filtered", func(t *testing.T, w, h int) Model {
		m, _ := picker(t, w, h)
		return typeText(press(m, "/"), "SUSP")
	}},
	{"accounts_closed_refused", func(t *testing.T, w, h int) Model {
		m, _ := picker(t, w, h)
		return press(m, "down", "down", "down", "enter")
	}},
	{"accounts_list_error", func(t *testing.T, w, h int) Model {
		f := newFamily(sampleKeys())
		f.subaccountsErr = &twilio.Error{Op: "list subaccounts", Status: 503, Code: 20503, Message: "Service Unavailable"}
		m := press(loaded(t, f, w, h), "a")
		return send(m, listSubaccountsCmd(testCtx, f)())
	}},
	{"subaccount_list", func(t *testing.T, w, h int) Model {
		m, _ := openSub(t, w, h, stagingSID)
		return m
	}},
	{"subaccount_suspended_new", func(t *testing.T, w, h int) Model {
		m, _ := openSub(t, w, h, suspendedSID)
		return press(m, "n")
	}},
	{"rotate_step1", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(sampleKeys()), w, h), "o")
	}},
	{"rotate_step1_long_name", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(sampleKeys()), w, h), "G", "o")
	}},
	{"rotate_step2_checking", func(t *testing.T, w, h int) Model {
		m, _ := rotationCreated(t, w, h)
		return m
	}},
	{"rotate_step3_works", func(t *testing.T, w, h int) Model {
		m, f := rotationCreated(t, w, h)
		return send(m, checkReplacementCmd(testCtx, f, newSID, fakeSecret)())
	}},
	{"rotate_step3_refused", func(t *testing.T, w, h int) Model {
		m, f := rotationCreated(t, w, h)
		return send(m, checkReplacementCmd(testCtx, f, newSID, "not-the-secret-at-all-0123456789")())
	}},
	{"rotate_step3_no_answer", func(t *testing.T, w, h int) Model {
		m, _ := rotationCreated(t, w, h)
		return send(m, replacementCheckedMsg{sid: newSID, err: errors.New("check key: dial tcp 127.0.0.1:9: connect: connection refused")})
	}},
	{"rotate_step4", func(t *testing.T, w, h int) Model {
		return press(rotationChecked(t, w, h), "space", "enter")
	}},
	{"rotate_step4_delete", func(t *testing.T, w, h int) Model {
		return press(rotationChecked(t, w, h), "space", "enter", "d")
	}},
	{"rotate_kept", func(t *testing.T, w, h int) Model {
		return press(rotationChecked(t, w, h), "space", "enter", "k")
	}},
	{"rotate_kept_details", func(t *testing.T, w, h int) Model {
		m := press(rotationChecked(t, w, h), "space", "enter", "k")
		return press(m, "j", "enter") // the new key is on top, the old one under it
	}},
	{"rotate_deleted", func(t *testing.T, w, h int) Model {
		m := typeText(press(rotationChecked(t, w, h), "space", "enter", "d"), "0001")
		m = press(m, "tab")
		return send(m, keyDeletedMsg{key: sampleKeys()[0]})
	}},
	{"rotate_stopped_step1", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(sampleKeys()), w, h), "o", "esc")
	}},
	{"rotate_stopped_step2", func(t *testing.T, w, h int) Model {
		return press(rotationChecked(t, w, h), "esc", "y")
	}},
	{"rotate_stopped_step4", func(t *testing.T, w, h int) Model {
		return press(rotationChecked(t, w, h), "space", "enter", "esc")
	}},
	{"check", func(t *testing.T, w, h int) Model {
		return typeText(press(loaded(t, newFake(sampleKeys()), w, h), "v"), "some secret")
	}},
	{"check_blank", func(t *testing.T, w, h int) Model {
		return press(loaded(t, newFake(nil), w, h), "v")
	}},
	{"check_bad_sid", func(t *testing.T, w, h int) Model {
		return press(typeText(press(loaded(t, newFake(nil), w, h), "v"), "SK12345"), "enter")
	}},
	{"check_checking", func(t *testing.T, w, h int) Model {
		return press(typeText(press(loaded(t, newFake(sampleKeys()), w, h), "v"), "some secret"), "enter")
	}},
	{"check_accepted", func(t *testing.T, w, h int) Model {
		f := newFake(sampleKeys())
		m := press(typeText(press(loaded(t, f, w, h), "v"), f.secrets[sid(1)]), "enter")
		return send(m, checkKeyCmd(testCtx, f, sid(1), f.secrets[sid(1)])())
	}},
	{"check_accepted_main", func(t *testing.T, w, h int) Model {
		f := newFake(sampleKeys())
		f.mains = map[string]bool{sid(1): true}
		m := press(typeText(press(loaded(t, f, w, h), "v"), f.secrets[sid(1)]), "enter")
		return send(m, checkKeyCmd(testCtx, f, sid(1), f.secrets[sid(1)])())
	}},
	{"check_subaccount", func(t *testing.T, w, h int) Model {
		m, _ := openSub(t, w, h, stagingSID)
		return press(m, "v")
	}},
	{"check_refused", func(t *testing.T, w, h int) Model {
		f := newFake(sampleKeys())
		m := press(typeText(press(loaded(t, f, w, h), "v"), "wrong"), "enter")
		return send(m, checkKeyCmd(testCtx, f, sid(1), "wrong")())
	}},
	{"check_no_answer", func(t *testing.T, w, h int) Model {
		m := press(typeText(press(loaded(t, newFake(sampleKeys()), w, h), "v"), "some secret"), "enter")
		return send(m, keyCheckedMsg{sid: sid(1), err: errors.New("check key: dial tcp 127.0.0.1:9: connect: connection refused")})
	}},
}

// newSID is the SID the fake gives the first key created in the credentials' account.
const newSID = "SK0000000000000000000000000000f001"

// picker returns the account picker with the subaccounts listed.
func picker(t *testing.T, w, h int) (Model, *fakeService) {
	t.Helper()
	f := newFamily(sampleKeys())
	m := press(loaded(t, f, w, h), "a")
	return send(m, listSubaccountsCmd(testCtx, f)()), f
}

// openSub shows the keys of subaccount sid, every page loaded.
func openSub(t *testing.T, w, h int, sid string) (Model, *fakeService) {
	t.Helper()
	m, f := picker(t, w, h)
	for i := 0; i < 4; i++ {
		if a, _ := frontOf[pickerScreen](m).selected(); a.SID == sid {
			break
		}
		m = press(m, "down")
	}
	m = press(m, "enter")
	if m.account.SID != sid {
		t.Fatalf("showing %s, want %s", m.account.SID, sid)
	}
	return drainListing(m, f.others[sid]), f
}

// rotationCreated rotates the first key up to step 2: the replacement is
// created with its suggested name and its check has not answered yet.
func rotationCreated(t *testing.T, w, h int) (Model, *fakeService) {
	t.Helper()
	f := newFake(sampleKeys())
	m := press(loaded(t, f, w, h), "o", "enter")
	return send(m, createKeyCmd(testCtx, f, frontOf[createScreen](m).name.value(), frontOf[createScreen](m).keyType)()), f
}

// rotationChecked is rotationCreated with the check answered: the new key works.
func rotationChecked(t *testing.T, w, h int) Model {
	t.Helper()
	m, f := rotationCreated(t, w, h)
	return send(m, checkReplacementCmd(testCtx, f, newSID, fakeSecret)())
}
