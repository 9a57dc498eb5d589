package serve

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// selectKey filters the list down to the key named name, which leaves it
// selected.
func selectKey(tm *terminal, name string) {
	tm.t.Helper()
	tm.expect("/", "keep filter")
	tm.expect(name+"\r", "1 match in")
}

// Every action, in the console and by command, is one audit line naming who,
// from where, the role, what, the account, the key and the outcome; no line
// holds a secret or any part of one.
func TestAuditRecordsEveryAction(t *testing.T) {
	h := newHarness(t, nil)
	admin := h.newUser("alice", "admin")
	c := h.dial("alice", admin)
	tm := h.console(c, 120, 32)
	tm.waitFor("ci-deploy")

	sid := createKey(t, h, tm, "audited")
	secret := h.svc.issued()[0]
	tm.send("s") // copy the SID
	h.audit.waitRecord(t, "copy of the SID", func(r Record) bool { return r.Action == ActionCopy && r.Reason == "sid" })
	tm.send("e") // copy both as env lines: a secret
	h.audit.waitRecord(t, "copy of the env lines", func(r Record) bool { return r.Action == ActionCopy && r.Reason == "secret" })
	tm.expect(" ", "[x]")
	tm.expect("\r", "Created audited")
	selectKey(tm, "audited")
	tm.expect("v", "Check an API key")
	tm.expect(secret+"\r", "Twilio accepts this key")
	tm.expect("\x1b", "v check a key")
	tm.expect("r", "Rename API key")
	tm.send("\x15")
	tm.expect("audited-renamed\r", "audited-renamed")
	tm.expect("d", "Delete API key?")
	tm.send(sid[len(sid)-4:]) // the right suffix puts the focus on Delete
	tm.send("\r")
	h.audit.waitRecord(t, "delete", func(r Record) bool { return r.Action == ActionDelete })

	for _, cmd := range []string{"list", "create", "rename " + h.svc.keys[0].SID, "check " + h.svc.keys[0].SID, "delete " + h.svc.keys[0].SID} {
		if _, stderr, code := h.command(c, cmd); code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, stderr)
		}
	}
	tm.send("q")
	tm.waitEnd()
	h.audit.waitRecord(t, "the console's end", func(r Record) bool { return r.Event == EventSessionEnd && r.Kind == "console" })

	got := map[string]int{}
	for _, r := range h.audit.records(t) {
		switch r.Event {
		case EventSessionStart, EventSessionEnd, EventAction:
			if r.User != "alice" || r.Key != fingerprint(admin) || r.Role != "admin" || !strings.HasPrefix(r.From, "127.0.0.1:") || r.Session == "" {
				t.Errorf("record without who, from where and role: %+v", r)
			}
		}
		if r.Event != EventAction {
			continue
		}
		if r.Outcome != OutcomeOK {
			t.Errorf("%s: outcome %q (%s)", r.Action, r.Outcome, r.Error)
		}
		if r.Action != ActionCopy && r.Account != fakeAccount {
			t.Errorf("%s without the account: %+v", r.Action, r)
		}
		switch r.Action {
		case ActionCreate, ActionRename, ActionDelete, ActionDetails, ActionCheck:
			if !strings.HasPrefix(r.KeySID, "SK") {
				t.Errorf("%s without the key SID: %+v", r.Action, r)
			}
		}
		got[fmt.Sprintf("%s/%s", r.Kind, r.Action)]++
	}
	for _, want := range []string{"console/account", "console/list", "console/create", "console/copy",
		"console/check", "console/rename", "console/delete",
		"command/list", "command/create", "command/rename", "command/check", "command/delete"} {
		if got[want] == 0 {
			t.Errorf("no audit line for %s; got %v", want, got)
		}
	}
	log := h.audit.raw()
	for _, s := range h.svc.issued() {
		for _, leak := range []string{s, s[:6], s[len(s)-6:], base64.StdEncoding.EncodeToString([]byte(s))} {
			if bytes.Contains(log, []byte(leak)) {
				t.Errorf("the audit log holds a secret or part of one (%q)", leak)
			}
		}
	}
	if len(h.svc.issued()) != 2 {
		t.Errorf("%d secrets issued, want 2 (console and command)", len(h.svc.issued()))
	}
}
