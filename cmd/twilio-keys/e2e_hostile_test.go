package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
	"github.com/twilio-keys/twilio-keys/ui/sanitize/sanitizetest"
)

// TestRealTerminalHostileNames creates keys whose names attack the terminal
// (escape sequences, C1 controls, bidi overrides, invisible characters, mark
// floods, wide text) through the sandbox, draws them with the real binary in
// tmux, and checks two things: the screen keeps its layout, and the bytes the
// program wrote hold no control sequence but the kinds it writes for plain
// names too.
func TestRealTerminalHostileNames(t *testing.T) {
	var hostile []string
	for _, c := range sanitizetest.Names() {
		// Twilio's API carries only valid UTF-8 of at most 64 characters; the
		// megabyte name and raw invalid bytes are left to the unit tests.
		if twilio.ValidateFriendlyName(c.Name) == nil {
			hostile = append(hostile, c.Name)
		}
	}
	if len(hostile) < 30 {
		t.Fatalf("only %d hostile names can be created; the corpus shrank", len(hostile))
	}
	plain := make([]string, len(hostile))
	for i := range plain {
		plain[i] = fmt.Sprintf("prod-billing-worker-%05d", i)
	}

	for _, size := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			baseline := drawNames(t, plain, size.w, size.h)
			attacked := drawNames(t, hostile, size.w, size.h)

			if !strings.Contains(attacked.screen, "^[") || !strings.Contains(attacked.screen, `\u`) {
				t.Errorf("the hostile names are not shown as visible escapes:\n%s", attacked.screen)
			}
			// The program may write some of these itself (Lip Gloss asks the
			// terminal for its background colour with an OSC); names must
			// not add any.
			own := forbiddenCounts(baseline.raw)
			for what, n := range forbiddenCounts(attacked.raw) {
				if n > own[what] {
					t.Errorf("the program wrote %s %d times with hostile names, %d times with plain ones", what, n, own[what])
				}
			}
			allowed := controlKinds(baseline.raw)
			for kind := range controlKinds(attacked.raw) {
				if !allowed[kind] {
					t.Errorf("the program wrote a control sequence of kind %q, which plain names never cause", kind)
				}
			}
		})
	}
}

type drawn struct {
	screen string // the list's first screen, as capture-pane shows it
	raw    []byte // every byte the program wrote while scrolling through
}

// drawNames creates keys with these names in a fresh sandbox, opens the
// console on them, checks the layout, scrolls through every row and opens
// details of the first, recording what the program wrote.
func drawNames(t *testing.T, names []string, width, height int) drawn {
	t.Helper()
	srv, client := startSandbox(t)
	ctx := context.Background()
	for _, name := range names {
		if _, err := client.CreateKey(ctx, name, twilio.KeyTypeStandard); err != nil {
			t.Fatalf("creating %q: %v", name, err)
		}
	}
	total := countKeys(t, client)

	dir := t.TempDir()
	raw, drained := filepath.Join(dir, "output.bin"), filepath.Join(dir, "drained")
	term := startTerminalPaused(t, width, height, consoleEnv(srv), binary(t), "--base-url", srv.URL(), "--clipboard", "off")
	term.tmux("pipe-pane", "-o", "-t", "0", "cat >>"+shellQuote(raw)+"; touch "+shellQuote(drained))
	term.keys("Enter") // start the program, now that its output is recorded
	screen := term.waitForText(fmt.Sprintf("of %d keys", total))
	checkListLayout(t, screen, width, height)

	term.keys("G")
	term.waitForText(fmt.Sprintf("%d of %d keys", total, total))
	term.keys("g", "Enter")
	term.waitForText("API key", "Created")
	term.keys("Escape")
	term.waitForText(fmt.Sprintf("of %d keys", total))

	// Stop recording while the program runs, and wait until the pipe has
	// drained into the file.
	term.tmux("pipe-pane", "-t", "0")
	term.waitFor("the recording to drain", func(string) bool { _, err := os.Stat(drained); return err == nil })
	term.keys("q")
	if code := term.waitForExit(); code != 0 {
		t.Fatalf("exit status %d; stderr:\n%s", code, term.stderr())
	}
	out, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	return drawn{screen: screen, raw: out}
}

// countKeys counts the account's keys.
func countKeys(t *testing.T, client *twilio.Client) int {
	t.Helper()
	var n int
	err := client.ListKeys(context.Background(), 1000, func(page []twilio.Key) error { n += len(page); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var keyRow = regexp.MustCompile(`SK[0-9a-f]{32}`)

// checkListLayout: the header on top, the footer at the bottom, and every key
// row with its SID in the same column, however hostile the names before it.
func checkListLayout(t *testing.T, screen string, width, height int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) != height {
		t.Errorf("the screen has %d lines, want %d:\n%s", len(lines), height, screen)
	}
	if !strings.HasPrefix(lines[0], "twilio-keys") {
		t.Errorf("the header is not on the first line:\n%s", screen)
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, "help") {
		t.Errorf("the footer is not on the last line:\n%s", screen)
	}
	sidColumn, rows := -1, 0
	for _, line := range lines {
		if sanitize.Width(line) > width {
			t.Errorf("a line is wider than the terminal: %q", line)
		}
		loc := keyRow.FindStringIndex(line)
		if loc == nil {
			continue
		}
		rows++
		col := sanitize.Width(line[:loc[0]])
		if sidColumn < 0 {
			sidColumn = col
		}
		if col != sidColumn {
			t.Errorf("a key row's SID is in column %d, not %d: %q", col, sidColumn, line)
		}
	}
	if rows < height-10 {
		t.Errorf("only %d key rows on a %d-line screen:\n%s", rows, height, screen)
	}
}

// forbiddenCounts counts what a terminal must never receive from a name:
// string controls (OSC, DCS, APC, PM, SOS), BEL, C1 controls and bidi and
// invisible characters, as they appear in the program's raw output.
func forbiddenCounts(raw []byte) map[string]int {
	counts := map[string]int{}
	for _, f := range []struct {
		what string
		seq  []byte
	}{
		{"an OSC sequence (ESC ])", []byte("\x1b]")},
		{"a DCS sequence (ESC P)", []byte("\x1bP")},
		{"an APC sequence (ESC _)", []byte("\x1b_")},
		{"a PM sequence (ESC ^)", []byte("\x1b^")},
		{"a SOS sequence (ESC X)", []byte("\x1bX")},
		{"BEL", []byte("\x07")},
		{"a right-to-left override (U+202E)", []byte("\u202e")},
		{"a left-to-right isolate (U+2066)", []byte("\u2066")},
		{"a zero-width space (U+200B)", []byte("\u200b")},
	} {
		counts[f.what] = bytes.Count(raw, f.seq)
	}
	for _, r := range string(raw) {
		if r >= 0x80 && r <= 0x9f {
			counts["a C1 control"]++
		}
	}
	return counts
}

var controlSequence = regexp.MustCompile(`\x1b(\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|.)`)

// controlKinds is the set of control sequence kinds in raw: for CSI its
// private marker and final byte (parameters vary with the cursor's place),
// for other escapes the byte after ESC.
func controlKinds(raw []byte) map[string]bool {
	kinds := map[string]bool{}
	for _, m := range controlSequence.FindAll(raw, -1) {
		if len(m) > 2 && m[1] == '[' {
			private := ""
			if m[2] == '?' || m[2] == '>' || m[2] == '<' || m[2] == '=' {
				private = string(m[2])
			}
			kinds["CSI "+private+string(m[len(m)-1])] = true
			continue
		}
		kinds["ESC "+string(m[1:])] = true
	}
	return kinds
}
