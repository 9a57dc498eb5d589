package serve

import (
	"fmt"
	"strings"
)

// Role is what a signed-in key may do. Each role can do everything the one
// before it can.
type Role int

// The roles, from the least to the most trusted.
const (
	// Viewer lists and filters keys, opens their details and checks a key.
	Viewer Role = iota
	// Operator also creates, renames and rotates keys.
	Operator
	// Admin also deletes keys, manages Auth Tokens and changes subaccounts.
	Admin
)

func (r Role) String() string {
	switch r {
	case Viewer:
		return "viewer"
	case Operator:
		return "operator"
	case Admin:
		return "admin"
	}
	return fmt.Sprintf("Role(%d)", int(r))
}

// ParseRole reads a role as authorized_keys spells it.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "viewer":
		return Viewer, nil
	case "operator":
		return Operator, nil
	case "admin":
		return Admin, nil
	}
	return 0, fmt.Errorf("role %q is not one of viewer, operator, admin", s)
}

// Action is one thing a user can do, as the audit log names it.
type Action string

// The actions. The role that first gets each is in minRole.
const (
	ActionAccount     Action = "account"     // read the account's name and status
	ActionList        Action = "list"        // list keys (and filter them, which never leaves the console)
	ActionDetails     Action = "details"     // fetch one key
	ActionCheck       Action = "check"       // sign in as a key to see whether Twilio accepts it
	ActionSubaccounts Action = "subaccounts" // list subaccounts, to show their keys
	ActionCopy        Action = "copy"        // copy a SID or a secret to the session's clipboard
	ActionCreate      Action = "create"
	ActionRename      Action = "rename"
	ActionRotate      Action = "rotate" // create a replacement; deleting the old key is ActionDelete
	ActionDelete      Action = "delete"
	ActionAuthToken   Action = "auth-token"        // see or change Auth Tokens
	ActionSubaccount  Action = "subaccount-change" // create, rename, suspend or close a subaccount
)

// minRole is the least role each action needs. An action missing here is
// refused to everyone: new actions are closed until someone decides.
var minRole = map[Action]Role{
	ActionAccount:     Viewer,
	ActionList:        Viewer,
	ActionDetails:     Viewer,
	ActionCheck:       Viewer,
	ActionSubaccounts: Viewer,
	ActionCopy:        Viewer,
	ActionCreate:      Operator,
	ActionRename:      Operator,
	ActionRotate:      Operator,
	ActionDelete:      Admin,
	ActionAuthToken:   Admin,
	ActionSubaccount:  Admin,
}

// Allows reports whether r may do a.
func (r Role) Allows(a Action) bool {
	need, ok := minRole[a]
	return ok && r >= need
}
