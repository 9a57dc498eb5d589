package ui

import "github.com/charmbracelet/bubbles/key"

// Action is something done to keys that Config.Allowed may withhold.
type Action string

// The actions Config.Allowed is asked about.
const (
	ActionCreate Action = "create"
	ActionRename Action = "rename"
	ActionRotate Action = "rotate"
	ActionDelete Action = "delete" // also deleting the old key at the end of a rotation
	ActionCheck  Action = "check"
	// ActionAuthToken is the Auth Tokens screen: rotating the Auth Token and
	// deleting the secondary.
	ActionAuthToken Action = "auth-token"
)

// withheld lists the bindings of the actions Config.Allowed refuses, and
// y when there is no clipboard to copy to.
func (s *shared) withheld() []*key.Binding {
	out := s.refused()
	if s.cfg.Clipboard == nil {
		out = append(out, &s.keys.YankSID)
	}
	return out
}

// refused lists the bindings of the actions Config.Allowed refuses.
func (s *shared) refused() []*key.Binding {
	if s.cfg.Allowed == nil {
		return nil
	}
	k := &s.keys
	var out []*key.Binding
	for _, a := range []struct {
		action   Action
		bindings []*key.Binding
	}{
		{ActionCreate, []*key.Binding{&k.New}},
		{ActionRename, []*key.Binding{&k.Rename}},
		{ActionRotate, []*key.Binding{&k.Rotate}},
		{ActionDelete, []*key.Binding{&k.Delete, &k.DeleteOld}},
		{ActionCheck, []*key.Binding{&k.CheckKey}},
		{ActionAuthToken, []*key.Binding{&k.AuthTokens, &k.RotateToken, &k.DeleteSecondary}},
	} {
		if !s.cfg.Allowed(a.action) {
			out = append(out, a.bindings...)
		}
	}
	return out
}

// isWithheld reports whether b is the binding of a withheld action, by its
// help text: screens hand the footer copies of bindings, not pointers.
func isWithheld(withheld []*key.Binding, b key.Binding) bool {
	for _, w := range withheld {
		if w.Help() == b.Help() {
			return true
		}
	}
	return false
}

// withhold turns off the bindings of withheld actions, after the screen in
// front has enabled its own, and drops them from the footer's short list.
func (m *Model) withhold() {
	withheld := m.withheld()
	if len(withheld) == 0 {
		return
	}
	for _, b := range withheld {
		b.SetEnabled(false)
	}
	short := m.short[:0:0]
	for _, b := range m.short {
		if !isWithheld(withheld, b) {
			short = append(short, b)
		}
	}
	if m.short != nil {
		m.short = short
	}
}
