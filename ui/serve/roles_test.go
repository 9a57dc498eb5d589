package serve

import (
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/ui"
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
					if tc.action != ActionList && tc.action != ActionCreate && !strings.HasPrefix(r.KeySID, "SK") {
						t.Errorf("%s: %s audited without the key: %+v", role, tc.cmd, r)
					}
				}
			}
			if !found {
				t.Errorf("%s: %s: no %s audit line for %s", role, tc.cmd, outcome, tc.action)
			}
		}
	}
}

// The console asks about its actions by name; each must be one of ours, or
// Allows refuses it to everyone.
func TestConsoleActionsAreOurs(t *testing.T) {
	for _, a := range []ui.Action{ui.ActionCreate, ui.ActionRename, ui.ActionRotate, ui.ActionDelete, ui.ActionCheck, ui.ActionAuthToken} {
		if _, ok := minRole[Action(a)]; !ok {
			t.Errorf("the console's action %q has no role", a)
		}
	}
}

// In the console each role is offered exactly its actions: the others are
// not in the footer and their keys do nothing (the help opens instead of a
// form). What it is offered works and is audited.
func TestConsoleRoleMatrix(t *testing.T) {
	for _, role := range []string{"viewer", "operator", "admin"} {
		t.Run(role, func(t *testing.T) {
			h := newHarness(t, nil)
			tm := h.console(h.dial(role, h.newUser(role, role)), 200, 30)
			text := tm.waitFor("ci-deploy", "q quit")
			// The footer is the line that holds "q quit" (it comes first there).
			i := strings.LastIndex(text, "q quit")
			footer := text[strings.LastIndexAny(text[:i], "\r\n")+1:]
			if end := strings.IndexAny(footer, "\r\n"); end >= 0 {
				footer = footer[:end]
			}
			if strings.Contains(footer, "Auth Tokens") {
				t.Errorf("footer %q offers the Auth Tokens screen over SSH", footer)
			}
			for key, a := range map[string]Action{"n new key": ActionCreate, "r rename": ActionRename, "d delete": ActionDelete, "o rotate": ActionRotate} {
				if strings.Contains(footer, key) != want[role][a] {
					t.Errorf("footer %q: %q shown: %v, allowed: %v", footer, key, !want[role][a], want[role][a])
				}
			}
			// A withheld key does nothing: the list still takes the arrows
			// after it. (An arrow, being an escape sequence, is read as a key
			// of its own even when it arrives with the letter.)
			for key, a := range map[string]Action{"n": ActionCreate, "r": ActionRename, "d": ActionDelete, "o": ActionRotate, "t": "auth-token over SSH"} {
				if !want[role][a] {
					tm.send(key)
					tm.expect("\x1b[B", "> billing-worker")
					tm.expect("\x1b[A", "> ci-deploy")
				}
			}

			if want[role][ActionCreate] {
				tm.expect("n", "Create API key")
				tm.expect("by-"+role+"\r", "New API key created")
				tm.expect(" ", "[x]")
				tm.expect("\r", "Created by-"+role)
			}
			selectKey(tm, "ci-deploy")
			if want[role][ActionRename] {
				tm.expect("r", "Rename API key")
				tm.send("\x15")
				tm.expect("renamed-by-"+role+"\r", "renamed-by-"+role)
			}
			tm.expect("\x1b", "q quit")
			sid := h.svc.keys[len(h.svc.keys)-1].SID
			selectKey(tm, "dev-laptop")
			if want[role][ActionDelete] {
				tm.expect("d", "Delete API key?")
				tm.send(sid[len(sid)-4:]) // the right suffix puts the focus on Delete
				tm.expect("\r", "Deleted")
			}
			tm.expect("\x1b", "q quit")
			tm.send("q")
			tm.waitEnd()

			done := map[Action]bool{}
			for _, r := range h.audit.records(t) {
				if r.Event == EventAction {
					if r.Outcome != OutcomeOK {
						t.Errorf("%s: %s audited %s: the console reached the Service with it", role, r.Action, r.Outcome)
					}
					done[r.Action] = true
				}
			}
			for _, a := range []Action{ActionCreate, ActionRename, ActionDelete} {
				if done[a] != want[role][a] {
					t.Errorf("%s: %s done: %v, allowed: %v", role, a, done[a], want[role][a])
				}
			}
		})
	}
}
