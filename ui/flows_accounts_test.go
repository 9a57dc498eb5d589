package ui

import (
	"slices"
	"testing"
)

// Flows through the account picker, against a fake account with three
// subaccounts (newFamily): one active, one suspended, one closed.

func TestFlowSubaccountCreateLandsInIt(t *testing.T) {
	f := newFamily(sampleKeys())
	staging := f.others[stagingSID]
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")

	sendKeys(tm, "a")
	waitFor(t, tm, "Acme Staging", "Acme Legacy", "Acme 2019 Pilot", "4 accounts")
	sendKeys(tm, "/")
	tm.Type("stag")
	waitFor(t, tm, "1 account of 4")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Acme Staging (subaccount of Acme Production)", "staging webhooks", "1–2 of 2 keys")

	sendKeys(tm, "n")
	tm.Type("staging worker")
	sendKeys(tm, "enter")
	waitFor(t, tm, "New API key created", fakeSecret)
	sendKeys(tm, "space", "enter")
	waitFor(t, tm, "Created staging worker", "1–3 of 3 keys")

	// Back to the credentials' own account: its keys, untouched.
	sendKeys(tm, "a")
	waitFor(t, tm, "4 accounts")
	sendKeys(tm, "/")
	tm.Type("production")
	waitFor(t, tm, "1 account of 4")
	sendKeys(tm, "enter")
	waitFor(t, tm, "billing-service production", "1–7 of 7 keys")
	m := finish(t, tm)

	if got := staging.Calls(); !slices.Equal(got, []string{`create "staging worker" standard`}) {
		t.Errorf("the subaccount got %q, want the create", got)
	}
	if got := f.Calls(); len(got) != 0 {
		t.Errorf("the parent account got %q; the create belongs to the subaccount shown", got)
	}
	if m.account.SID != f.account.SID || m.svc != Service(f) {
		t.Errorf("showing %s through %T after switching back", m.account.SID, m.svc)
	}
	if m.list.store.Total() != 7 || m.list.store.IndexOf(sid(0xa001)) >= 0 {
		t.Errorf("%d keys in the parent's list", m.list.store.Total())
	}
}

func TestFlowClosedCannotOpenSuspendedCannotCreate(t *testing.T) {
	f := newFamily(sampleKeys())
	closed, suspended := f.others[closedSID], f.others[suspendedSID]
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitFor(t, tm, "1–7 of 7 keys")

	sendKeys(tm, "a")
	waitFor(t, tm, "4 accounts")
	sendKeys(tm, "/")
	tm.Type("2019")
	waitFor(t, tm, "1 account of 4")
	sendKeys(tm, "enter")
	waitFor(t, tm, "Acme 2019 Pilot is closed", "refuses every request")
	sendKeys(tm, "esc") // clears the filter, as in the key list
	waitFor(t, tm, "4 accounts")
	sendKeys(tm, "esc")
	waitFor(t, tm, "billing-service production", "1–7 of 7 keys")

	sendKeys(tm, "a")
	waitFor(t, tm, "4 accounts")
	sendKeys(tm, "/")
	tm.Type("legacy")
	waitFor(t, tm, "1 account of 4")
	sendKeys(tm, "enter")
	waitFor(t, tm, "SUSPENDED", "Acme Legacy (subaccount of Acme Production)", "legacy export")

	sendKeys(tm, "n")
	waitFor(t, tm, "Acme Legacy is suspended", "new keys and")
	sendKeys(tm, "?") // a different frame, so the same message can be seen again
	waitFor(t, tm, "Help")
	sendKeys(tm, "esc", "o")
	waitFor(t, tm, "Acme Legacy is suspended", "rotation are off")
	sendKeys(tm, "enter") // details still work in a suspended account
	waitFor(t, tm, "API key", "SK00000000000000000000000000005003")
	m := finish(t, tm)

	if closed.lists != 0 {
		t.Errorf("listed the closed account's keys %d times", closed.lists)
	}
	if got := suspended.Calls(); len(got) != 0 {
		t.Errorf("the suspended account got %q; n and o must send nothing", got)
	}
	if m.account.SID != suspendedSID || m.state() != stateDetails {
		t.Errorf("showing %s in %v", m.account.SID, m.state())
	}
}
