package ui

import (
	"strings"
	"testing"
)

// openAccount shows the keys of account sid of family f, through the
// picker as a user would (j to move, enter to open), every page loaded.
func openAccount(t *testing.T, m Model, f *fakeService, sid string) Model {
	t.Helper()
	m = press(m, "a")
	m = send(m, listSubaccountsCmd(testCtx, f)())
	for i := 0; i < 4; i++ {
		if a, _ := frontOf[pickerScreen](m).selected(); a.SID == sid {
			break
		}
		m = press(m, "j")
	}
	m = press(m, "enter")
	if m.account.SID != sid {
		t.Fatalf("showing %s, want %s", m.account.SID, sid)
	}
	return drainListing(m, f.others[sid])
}

// Issue 12, item 12: j and k move in the account picker, as in every list;
// text goes to the filter only after /.
func TestPickerJKMoveSlashFilters(t *testing.T) {
	m := press(loaded(t, newFamily(sampleKeys()), 80, 24), "a")
	m = send(m, listSubaccountsCmd(testCtx, newFamily(sampleKeys()))())
	selected := func(m Model) string { a, _ := frontOf[pickerScreen](m).selected(); return a.FriendlyName }

	m = press(m, "j", "j")
	if got := selected(m); got != "Acme Legacy" {
		t.Errorf("after j j the cursor is on %q, want Acme Legacy", got)
	}
	m = press(m, "k")
	if got := selected(m); got != "Acme Staging" {
		t.Errorf("after k the cursor is on %q, want Acme Staging", got)
	}
	if p := frontOf[pickerScreen](m); p.filter.Value() != "" || len(p.rows) != 4 {
		t.Errorf("j and k typed %q into the filter (%d rows)", p.filter.Value(), len(p.rows))
	}
	m = press(m, "G")
	if got := selected(m); got != "Acme 2019 Pilot" {
		t.Errorf("after G the cursor is on %q", got)
	}

	m = typeText(press(m, "/"), "legj")
	if p := frontOf[pickerScreen](m); p.filter.Value() != "legj" {
		t.Errorf("after / the filter holds %q, want legj", p.filter.Value())
	}
	m = press(m, "backspace")
	if got := selected(m); got != "Acme Legacy" {
		t.Errorf("filtered to %q, want Acme Legacy", got)
	}
	m = press(m, "esc")
	if p := frontOf[pickerScreen](m); p.filter.Value() != "" || m.state() != stateAccounts {
		t.Errorf("esc in the filter: filter %q, in %v; want it cleared, still in the picker", p.filter.Value(), m.state())
	}
	if v := m.View(); !strings.Contains(v, "/ filter") {
		t.Errorf("the footer does not offer / filter:\n%s", v)
	}
	m = press(m, "esc")
	if m.state() != stateList {
		t.Errorf("esc without a filter left the picker in %v, want the list", m.state())
	}
}

// Issue 12, item 12: a suspended account without keys does not offer n,
// which is refused there.
func TestSuspendedEmptyAccountOffersNoCreate(t *testing.T) {
	f := newFamily(sampleKeys())
	f.others[suspendedSID].keys = nil
	m := openAccount(t, loaded(t, f, 80, 24), f, suspendedSID)
	v := m.View()
	if strings.Contains(v, "Press n") {
		t.Errorf("the empty suspended account offers n:\n%s", v)
	}
	if !strings.Contains(v, "no API keys") || !strings.Contains(v, "suspended") {
		t.Errorf("the empty state does not say the account has no keys and is suspended:\n%s", v)
	}
}

// Issue 12, item 12: the "↻ replaced" legend shows only where a shown key
// is marked, not in a subaccount because a key of the parent was.
func TestReplacedLegendOnlyWhereAKeyIsMarked(t *testing.T) {
	f := newFamily(sampleKeys())
	m := loaded(t, f, 100, 30)
	m.list.replaced[sid(2)] = sid(1) // as a rotation that kept the old key leaves it
	if v := m.View(); !strings.Contains(v, "↻ replaced by a rotation") {
		t.Fatalf("the parent's list does not explain its mark:\n%s", v)
	}
	m = openAccount(t, m, f, stagingSID)
	if v := m.View(); strings.Contains(v, "↻") {
		t.Errorf("the subaccount shows a replaced note with nothing marked:\n%s", v)
	}
}
