package ui

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// wrongSecret is a secret the fake never issued.
const wrongSecret = "WRONGsecretWRONGsecretWRONGsec32"

// waitForWithout is waitFor that also fails when anything drawn since the
// last wait contains one of secrets.
func waitForWithout(t *testing.T, tm *teatest.TestModel, secrets []string, texts ...string) {
	t.Helper()
	var leaked string
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		for _, s := range secrets {
			if bytes.Contains(out, []byte(s)) {
				leaked = s
				return true
			}
		}
		for _, s := range texts {
			if !bytes.Contains(out, []byte(s)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(waitLimit), teatest.WithCheckInterval(10*time.Millisecond))
	if leaked != "" {
		t.Fatalf("the screen showed the secret %q", leaked)
	}
}

func TestFlowCheckKeyAcceptedThenRefused(t *testing.T) {
	f := newFake(sampleKeys())
	right := f.secrets[sid(1)]
	secrets := []string{right, wrongSecret}
	tm := startProgram(t, testConfig(f, nil), 100, 30)
	waitForWithout(t, tm, secrets, "1–7 of 7 keys")

	sendKeys(tm, "v")
	waitForWithout(t, tm, secrets, "Check an API key", sid(1))
	tm.Type(right)
	waitForWithout(t, tm, secrets, strings.Repeat("•", len(right)))
	sendKeys(tm, "enter")
	waitForWithout(t, tm, secrets, "✓ Twilio accepts this key ("+sid(1)+")")
	sendKeys(tm, "esc")
	waitForWithout(t, tm, secrets, "1–7 of 7 keys")

	sendKeys(tm, "v")
	waitForWithout(t, tm, secrets, "Check an API key")
	tm.Type(wrongSecret)
	sendKeys(tm, "enter")
	waitForWithout(t, tm, secrets, "✗ Twilio refused this key (401/20003)")
	sendKeys(tm, "esc")
	waitForWithout(t, tm, secrets, "1–7 of 7 keys")
	m := finish(t, tm)
	rest, err := io.ReadAll(tm.FinalOutput(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if bytes.Contains(rest, []byte(s)) {
			t.Errorf("the last frames showed the secret %q", s)
		}
		if modelHolds(m, s) {
			t.Errorf("the model still holds the secret %q after the form closed", s)
		}
	}
	// Accepted, then asked whether it is Main; refused, so not asked.
	want := []string{"check " + sid(1) + " " + right, "can-manage " + sid(1) + " " + right, "check " + sid(1) + " " + wrongSecret}
	if got := f.Calls(); !slices.Equal(got, want) {
		t.Errorf("calls %q, want %q", got, want)
	}
	if m.state() != stateList || m.status.text != "" {
		t.Errorf("state %v, status %q", m.state(), m.status.text)
	}
}

// TestCheckSecretNeverDrawn draws every frame of the check form, from
// opening it to closing it, each way it can close, and looks for the secret
// in each frame, in the status line, and in the model once it is closed.
func TestCheckSecretNeverDrawn(t *testing.T) {
	f := newFake(sampleKeys())
	right := f.secrets[sid(1)]
	for _, secret := range []string{right, wrongSecret} {
		for _, closeKey := range []string{"esc", "ctrl+c"} {
			t.Run(secret[:5]+" then "+closeKey, func(t *testing.T) {
				m := loaded(t, f, 80, 24)
				var frames []string
				step := func(msg tea.Msg) tea.Cmd {
					next, cmd := m.Update(msg)
					m = next.(Model)
					frames = append(frames, m.View(), m.status.text, m.busy)
					return cmd
				}
				step(keyMsg("v"))
				for _, r := range secret {
					step(keyMsg(string(r)))
				}
				step(keyMsg("tab"))
				step(keyMsg("shift+tab")) // focus moves, the mask stays
				for _, msg := range runCmd(step(keyMsg("enter"))) {
					step(msg) // Twilio's answer, and the spinner's tick
				}
				step(keyMsg(closeKey))
				for i, frame := range frames {
					if strings.Contains(frame, secret) {
						t.Fatalf("frame %d shows the secret:\n%s", i, frame)
					}
				}
				answer := "Twilio refused this key"
				if secret == right {
					answer = "Twilio accepts this key"
				}
				if !strings.Contains(strings.Join(frames, "\n"), answer) {
					t.Fatalf("no frame says %q", answer)
				}
				if modelHolds(m, secret) {
					t.Error("the model holds the secret after the form closed")
				}
				if frontOf[checkScreen](m).sid.Value() != "" || frontOf[checkScreen](m).secret.Value() != "" {
					t.Error("the form's fields outlived the form")
				}
			})
		}
	}
}

// runCmd runs cmd, and each Cmd of a batch, and returns their messages.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	batch, ok := msg.(tea.BatchMsg)
	if !ok {
		return []tea.Msg{msg}
	}
	var msgs []tea.Msg
	for _, c := range batch {
		msgs = append(msgs, runCmd(c)...)
	}
	return msgs
}

func TestCheckRefusesABadSIDWithoutAsking(t *testing.T) {
	tests := []struct{ name, sid, want string }{
		{"empty", "", "A key SID is SK"},
		{"short", "SK123", "A key SID is SK"},
		{"account SID", "AC0123456789abcdef0123456789abcdef", "A key SID is SK"},
		{"not hex", "SKzz23456789abcdef0123456789abcdef", "A key SID is SK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(nil)
			m := typeText(press(loaded(t, f, 80, 24), "v"), tt.sid)
			m = typeText(press(m, "tab"), "some-secret")
			next, cmd := m.Update(keyMsg("enter"))
			m = next.(Model)
			if cmd != nil || m.busy != "" {
				t.Error("a check was sent for a SID that cannot be right")
			}
			if !strings.Contains(m.View(), tt.want) || frontOf[checkScreen](m).secret.Focused() {
				t.Errorf("want %q with the SID focused:\n%s", tt.want, m.View())
			}
		})
	}
	t.Run("no secret", func(t *testing.T) {
		m := press(loaded(t, newFake(sampleKeys()), 80, 24), "v", "enter")
		if m.busy != "" || !strings.Contains(m.View(), "Type or paste the key's secret") {
			t.Errorf("busy %q:\n%s", m.busy, m.View())
		}
	})
}
