package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/ui/keymap"
)

// TestScreensRegistered fails when a screen type or a state is missing from
// the registry, or two screens share a state.
func TestScreensRegistered(t *testing.T) {
	registered := map[string]bool{} // screen types
	ids := map[state]bool{}
	for _, s := range registry {
		if ids[s.id()] {
			t.Errorf("two registered screens are %q", s.id())
		}
		ids[s.id()] = true
		registered[reflect.TypeOf(s).Name()] = true
	}

	// Every type with an id method is a screen (but the rotation flow, which
	// shows the screens of its steps), and every constant of type state names one.
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Recv == nil || n.Name.Name != "id" {
					return false
				}
				if name := n.Recv.List[0].Type.(*ast.Ident).Name; name != "rotationFlow" && !registered[name] {
					t.Errorf("screen %s (%s) is not in the registry", name, path)
				}
				return false
			case *ast.ValueSpec:
				if typ, ok := n.Type.(*ast.Ident); ok && typ.Name == "state" {
					for _, v := range n.Values {
						if lit, ok := v.(*ast.BasicLit); ok && !ids[state(strings.Trim(lit.Value, `"`))] {
							t.Errorf("state %s (%s) has no screen in the registry", lit.Value, path)
						}
					}
				}
			}
			return true
		})
	}
}

// TestKeysWaitWhileBusy: while a request is in flight the screen in front
// takes no keys, so nothing typed then changes what was sent or sends twice.
func TestKeysWaitWhileBusy(t *testing.T) {
	f := newFake(sampleKeys())
	m := press(typeText(press(loaded(t, f, 80, 24), "n"), "ci"), "enter")
	if m.busy == "" {
		t.Fatal("no request in flight after enter")
	}
	m = press(typeText(m, "x"), "esc", "enter")
	if got := frontOf[createScreen](m).name.value(); got != "ci" || m.state() != stateCreate {
		t.Errorf("while creating, keys changed the form: %v with name %q", m.state(), got)
	}
}

// TestListOpenersOwnTheirKeys: a screen the list opens with a key of its own
// must not take a key the list (or anything on it) already uses, which would
// shadow it or be shadowed.
func TestListOpenersOwnTheirKeys(t *testing.T) {
	km := keymap.Default()
	used := map[string]string{}
	for _, b := range km.All() {
		for _, k := range b.Keys() {
			used[k] = b.Help().Desc
		}
	}
	for _, r := range registry {
		o, ok := r.(opensFromList)
		if !ok {
			continue
		}
		for _, k := range o.listKey().Keys() {
			if desc, taken := used[k]; taken {
				t.Errorf("%v opens with %q, which is already %q", r.id(), k, desc)
			}
			used[k] = o.listKey().Help().Desc
		}
	}
}
