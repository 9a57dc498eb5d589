package serve

import (
	"strings"
	"testing"
)

// want is what each role may do, as the issue lists it.
var want = map[string]map[Action]bool{
	"viewer":   {ActionList: true, ActionDetails: true, ActionCheck: true},
	"operator": {ActionList: true, ActionDetails: true, ActionCheck: true, ActionCreate: true, ActionRename: true, ActionRotate: true},
	"admin":    {ActionList: true, ActionDetails: true, ActionCheck: true, ActionCreate: true, ActionRename: true, ActionRotate: true, ActionDelete: true, ActionAuthToken: true, ActionSubaccount: true},
}

func TestRoleAllows(t *testing.T) {
	for name, allowed := range want {
		role, err := ParseRole(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []Action{ActionList, ActionDetails, ActionCheck, ActionCreate, ActionRename, ActionRotate, ActionDelete, ActionAuthToken, ActionSubaccount} {
			if role.Allows(a) != allowed[a] {
				t.Errorf("%s allows %s: %v, want %v", name, a, role.Allows(a), allowed[a])
			}
		}
	}
	if Admin.Allows("something-new") {
		t.Error("an action no one has given a role is allowed")
	}
}

// Each role can run exactly its commands over SSH; the others are refused
// before they run, with exit code 4, and audited as refused.
func TestCommandRoleMatrix(t *testing.T) {
	h := newHarness(t, nil)
	for _, role := range []string{"viewer", "operator", "admin"} {
		u := h.newUser(role, role)
		if role == "viewer" { // a line with no role is a viewer too
			u = h.newUser("norole", "")
		}
		c := h.dial(role, u)
		for _, tc := range []struct {
			cmd    string
			action Action
		}{
			{"list", ActionList},
			{"check " + h.svc.keys[1].SID, ActionCheck},
			{"create", ActionCreate},
			{"rename " + h.svc.keys[1].SID, ActionRename},
			{"delete " + h.svc.keys[len(h.svc.keys)-1].SID, ActionDelete},
		} {
			before := len(h.audit.records(t))
			_, stderr, code := h.command(c, tc.cmd)
			allowed := want[role][tc.action]
			switch {
			case allowed && code != 0:
				t.Errorf("%s: %s: exit %d, %q; want it to run", role, tc.cmd, code, stderr)
			case !allowed && (code != exitRejected || !strings.Contains(stderr, "not allowed")):
				t.Errorf("%s: %s: exit %d, %q; want exit 4, not allowed", role, tc.cmd, code, stderr)
			}
			outcome := OutcomeOK
			if !allowed {
				outcome = OutcomeRefused
			}
			found := false
			for _, r := range h.audit.records(t)[before:] {
				if r.Event == EventAction && r.Action == tc.action {
					found = r.Outcome == outcome && r.Kind == "command"
				}
			}
			if !found {
				t.Errorf("%s: %s: no %s audit line for %s", role, tc.cmd, outcome, tc.action)
			}
		}
	}
}
