package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRealTerminalSignalsClearTheClipboard copies a new key's secret to the
// clipboard, then ends the console the ways a session really ends: SIGHUP
// (the terminal window closed, an SSH session dropped: the commonest end of
// all), SIGQUIT, and the terminal itself going away. Each time the console
// must clear the secret from the clipboard, as it does on SIGTERM and quit,
// and restore the terminal when there still is one. The clipboard is a fake
// xclip first on PATH, which keeps what it is given in a file.
func TestRealTerminalSignalsClearTheClipboard(t *testing.T) {
	for _, tt := range []struct {
		name string
		end  func(term *terminal)
	}{
		{"SIGHUP", func(term *terminal) { signalProgram(term, syscall.SIGHUP) }},
		{"SIGQUIT", func(term *terminal) { signalProgram(term, syscall.SIGQUIT) }},
		{"terminal closed", func(term *terminal) { term.tmux("kill-pane", "-t", "0") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := startSandbox(t)
			bin := t.TempDir()
			clip := filepath.Join(bin, "clipboard")
			// -out prints the clipboard; anything else replaces it with stdin.
			script := "#!/bin/sh\ncase \" $* \" in *\" -out \"*) cat " + shellQuote(clip) + " 2>/dev/null ;; *) cat >" + shellQuote(clip) + " ;; esac\n"
			if err := os.WriteFile(filepath.Join(bin, "xclip"), []byte(script), 0o700); err != nil {
				t.Fatal(err)
			}
			env := consoleEnv(srv)
			env["PATH"] = bin + string(os.PathListSeparator) + os.Getenv("PATH")
			term := startTerminal(t, 80, 24, env, binary(t), "--base-url", srv.URL(), "--clipboard", "native")
			term.waitForText("Sandbox Account", "keys")
			term.keys("n")
			term.waitForText("Create API key")
			term.typeText("closing-time")
			term.keys("Enter")
			screen := term.waitForText("New API key created")
			m := secretOnScreen.FindStringSubmatch(screen)
			if m == nil {
				t.Fatalf("no secret on screen:\n%s", screen)
			}
			term.keys("c")
			term.waitForText("Secret copied")
			if b, _ := os.ReadFile(clip); string(b) != m[1] {
				t.Fatalf("the clipboard holds %q, want the secret", b)
			}

			tt.end(term)
			// Poll the file, not the screen: a closed terminal has none.
			for deadline := time.Now().Add(15 * time.Second); ; {
				if b, err := os.ReadFile(clip); err == nil && len(b) == 0 {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the secret is still on the clipboard; stderr:\n%s", term.stderr())
				}
				time.Sleep(20 * time.Millisecond) // polling interval, not synchronisation
			}
			if tt.name == "terminal closed" {
				return // no terminal left to restore, nor a shell to report a status
			}
			if code := term.waitForExit(); code != 0 {
				t.Errorf("exit status %d; stderr:\n%s", code, term.stderr())
			}
			if s := term.screen(); strings.Contains(s, "New API key created") {
				t.Errorf("the terminal still shows the console after it ended:\n%s", s)
			}
		})
	}
}

// signalProgram sends sig to the program running in term's pane.
func signalProgram(term *terminal, sig syscall.Signal) {
	term.t.Helper()
	pid, ok := term.programPID()
	if !ok {
		term.t.Fatal("no program runs in the pane")
	}
	if err := syscall.Kill(pid, sig); err != nil {
		term.t.Fatal(err)
	}
}
