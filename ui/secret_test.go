package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
)

func ptr(s string) *string { return &s }

// holds reports whether any string (or rune or byte slice) reachable from v
// contains s: a look at everything the model keeps, unexported fields too.
func holds(v reflect.Value, s string, seen map[uintptr]bool) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.Contains(v.String(), s)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return false
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return false
			}
			seen[v.Pointer()] = true
		}
		return holds(v.Elem(), s, seen)
	case reflect.Struct:
		for i := range v.NumField() {
			if holds(v.Field(i), s, seen) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if k := v.Type().Elem().Kind(); k == reflect.Int32 || k == reflect.Uint8 {
			var b strings.Builder
			for i := range v.Len() {
				if k == reflect.Int32 {
					b.WriteRune(rune(v.Index(i).Int()))
				} else {
					b.WriteByte(byte(v.Index(i).Uint()))
				}
			}
			return strings.Contains(b.String(), s)
		}
		for i := range v.Len() {
			if holds(v.Index(i), s, seen) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if holds(it.Key(), s, seen) || holds(it.Value(), s, seen) {
				return true
			}
		}
	}
	return false
}

// modelHolds looks through the model but not into the clipboard it copies to
// nor the services it calls: holding the copied secret is the clipboard's job
// until it is cleared, and the fake service keeps secrets as Twilio does.
func modelHolds(m Model, s string) bool {
	m.cfg.Clipboard, m.cfg.Service, m.svc = nil, nil, nil
	return holds(reflect.ValueOf(m), s, map[uintptr]bool{})
}

// TestSecretDroppedOnClose proves the secret lives only in the modal: every
// way of closing it leaves no copy anywhere in the model, and no status line
// or list row ever shows it.
func TestSecretDroppedOnClose(t *testing.T) {
	closes := []struct {
		name string
		keys []string
	}{
		{"tick and Done", []string{"space", "enter"}},
		{"tick and esc", []string{"space", "esc"}},
		{"esc and yes", []string{"esc", "y"}},
		{"copy everything, then Done", []string{"c", "s", "e", "space", "enter"}},
	}
	for _, c := range closes {
		t.Run(c.name, func(t *testing.T) {
			m := created(t, 80, 24)
			_, m.cfg.Clipboard = newClipboard()
			if !modelHolds(m, fakeSecret) {
				t.Fatal("the walk cannot find the secret even while the modal shows it")
			}
			for _, k := range c.keys {
				next, cmd := m.Update(keyMsg(k))
				m = next.(Model)
				if k == "c" || k == "s" || k == "e" {
					m = send(m, cmd()) // the copy, and the status line it leaves
				}
			}
			if m.state() != stateList {
				t.Fatalf("state %v, want the list", m.state())
			}
			if modelHolds(m, fakeSecret) {
				t.Error("the model still holds the secret after the modal closed")
			}
			if strings.Contains(m.View(), fakeSecret) {
				t.Error("the screen shows the secret after the modal closed")
			}
		})
	}
}

// TestSecretOnlyInItsModal: while the modal is open the secret is on screen
// once, in the modal, and never in the list behind it.
func TestSecretOnlyInItsModal(t *testing.T) {
	m := created(t, 120, 40)
	if n := strings.Count(m.View(), fakeSecret); n != 1 {
		t.Errorf("the secret is on screen %d times, want once", n)
	}
	for i := range m.list.store.Total() {
		if holds(reflect.ValueOf(m.list.store.keys[i]), fakeSecret, map[uintptr]bool{}) {
			t.Errorf("list entry %d holds the secret", i)
		}
	}
}

// TestSecretNotPrintable: a debug print or a panic of the model, or of the
// message that brought the key, never spells the secret out, whatever the
// verb. fmt prints a pointer to a string as an address, and NewKey's own
// Format hides the secret.
func TestSecretNotPrintable(t *testing.T) {
	m := created(t, 80, 24)
	nk := twilio.NewKey{Key: frontOf[secretScreen](m).key, Secret: *frontOf[secretScreen](m).secret}
	// The fake service keeps every secret it issued, as Twilio does; the
	// real client holds none (its own test covers its credentials).
	m.cfg.Clipboard, m.cfg.Service, m.svc = nil, nil, nil
	for _, v := range []any{m, &m, m.front, keyCreatedMsg{key: nk.Key, secret: ptr(fakeSecret)}, nk, &nk} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, fakeSecret) {
				t.Errorf("fmt %s of a %T prints the secret", verb, v)
			}
		}
	}
}

// e copies the key as twilio.NewKey.EnvLines writes it: single-quoted,
// ready for eval or an .env file. A secret of a shape Twilio never issues
// (one that could carry shell syntax) is not copied at all, and the status
// line says why without repeating it.
func TestCopyEnvLinesQuotedAndChecked(t *testing.T) {
	native, cb := newClipboard()
	m := created(t, 80, 24)
	m.cfg.Clipboard = cb
	next, cmd := m.Update(keyMsg("e"))
	m = send(next.(Model), cmd())
	want := "TWILIO_API_KEY='" + newSID + "'\nTWILIO_API_SECRET='" + fakeSecret + "'\n"
	if got := native.Copies(); len(got) != 1 || got[0] != want {
		t.Errorf("e copied %q, want %q", got, want)
	}

	hostile := "x'; touch /tmp/pwned; echo '"
	m = created(t, 80, 24)
	m.cfg.Clipboard = cb
	m.front = secretScreen{key: twilio.Key{SID: newSID, FriendlyName: "evil"}, secret: ptr(hostile)}
	next, cmd = m.Update(keyMsg("e"))
	m = next.(Model)
	if cmd != nil {
		t.Error("e on a secret Twilio never issues asked for a copy")
	}
	if !m.status.isErr || !strings.Contains(m.status.text, "Not copied") || strings.Contains(m.status.text, "pwned") {
		t.Errorf("status %q, want an error that does not repeat the secret", m.status.text)
	}
}
