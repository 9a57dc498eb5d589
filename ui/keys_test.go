package ui

import (
	"testing"
)

// TestQuitKeys: q quits only where nothing takes text, and types a q where
// something does; ctrl+c quits everywhere.
func TestQuitKeys(t *testing.T) {
	field := func(get func(m Model) string, want string) func(*testing.T, Model) {
		return func(t *testing.T, m Model) {
			if got := get(m); got != want {
				t.Errorf("the field holds %q, want %q", got, want)
			}
		}
	}
	tests := []struct {
		name     string
		open     func(t *testing.T, m Model) Model
		key      string
		wantQuit bool
		check    func(*testing.T, Model) // what the key did instead of quitting
	}{
		{"q in the list", nil, "q", true, nil},
		{"q in details", pressing("enter"), "q", true, nil},
		{"q in help", pressing("?"), "q", true, nil},
		{"q in the filter", pressing("/"), "q", false,
			field(func(m Model) string { return m.list.filter.Value() }, "q")},
		{"q in the create name", pressing("n"), "q", false,
			field(func(m Model) string { return frontOf[createScreen](m).name.value() }, "q")},
		{"q in the rename name", pressing("j", "r"), "q", false,
			field(func(m Model) string { return frontOf[renameScreen](m).name.value() }, "ci-deployq")},
		{"q in the delete suffix", pressing("d"), "q", false,
			field(func(m Model) string { return frontOf[deleteScreen](m).suffix.Value() }, "q")},
		{"q in the account filter", func(t *testing.T, _ Model) Model { return press(loaded(t, newFamily(sampleKeys()), 80, 24), "a", "/") },
			"q", false, field(func(m Model) string { return frontOf[pickerScreen](m).filter.Value() }, "q")},
		{"q in the account picker", func(t *testing.T, _ Model) Model { return press(loaded(t, newFamily(sampleKeys()), 80, 24), "a") },
			"q", true, nil},
		{"q in the check form's secret", pressing("v"), "q", false,
			field(func(m Model) string { return frontOf[checkScreen](m).secret.Value() }, "q")},
		{"q in the check form's SID", pressing("v", "tab"), "q", false,
			field(func(m Model) string { return frontOf[checkScreen](m).sid.Value() }, sid(1)+"q")},
		{"q in the secret modal", func(t *testing.T, m Model) Model { return created(t, 80, 24) }, "q", false,
			func(t *testing.T, m Model) {
				if m.state() != stateSecret {
					t.Errorf("state %v, want the modal still open", m.state())
				}
			}},
		{"ctrl+c in the create name", pressing("n"), "ctrl+c", true, nil},
		{"ctrl+c in the filter", pressing("/"), "ctrl+c", true, nil},
		{"ctrl+c in the secret modal", func(t *testing.T, m Model) Model { return created(t, 80, 24) }, "ctrl+c", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := loaded(t, newFake(sampleKeys()), 80, 24)
			if tt.open != nil {
				m = tt.open(t, m)
			}
			m = press(m, tt.key)
			if m.quitting != tt.wantQuit {
				t.Errorf("quitting %v, want %v", m.quitting, tt.wantQuit)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

func pressing(keys ...string) func(*testing.T, Model) Model {
	return func(_ *testing.T, m Model) Model { return press(m, keys...) }
}
