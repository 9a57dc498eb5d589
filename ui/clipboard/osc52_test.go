package clipboard

import (
	"strings"
	"testing"
)

func TestOSC52Bytes(t *testing.T) {
	// 60 bytes of text is 80 of base64, so the screen form needs two chunks.
	long := strings.Repeat("a", 60)
	longB64 := strings.Repeat("YWFh", 20)
	tests := []struct {
		name, text string
		env        func(string) string
		want       string
	}{
		{"plain", "hello", env("TERM", "xterm-256color"),
			"\x1b]52;c;aGVsbG8=\a"},
		{"plain clear", "", env(),
			"\x1b]52;c;\a"},
		{"tmux: plain, then passthrough with ESC doubled", "hello", env("TMUX", "/tmp/tmux-0/default,1,0", "TERM", "screen-256color"),
			"\x1b]52;c;aGVsbG8=\a" + "\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\a\x1b\\"},
		{"tmux clear", "", env("TMUX", "/tmp/tmux-0/default,1,0"),
			"\x1b]52;c;\a" + "\x1bPtmux;\x1b\x1b]52;c;\a\x1b\\"},
		{"screen", "hello", env("TERM", "screen.xterm-256color"),
			"\x1bP\x1b]52;c;aGVsbG8=\a\x1b\\"},
		{"screen, chunked at 76 bytes", long, env("TERM", "screen"),
			"\x1bP\x1b]52;c;" + longB64[:69] + "\x1b\\" + "\x1bP" + longB64[69:] + "\a\x1b\\"},
		{"screen clear", "", env("TERM", "screen"),
			"\x1bP\x1b]52;c;\a\x1b\\"},
		{"tmux wins over TERM=screen", "hello", env("TMUX", "x", "TERM", "screen"),
			"\x1b]52;c;aGVsbG8=\a" + "\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\a\x1b\\"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(osc52Sequence(tt.text, wrappingFor(tt.env)))
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestCopyWritesOneWholeSequence checks what reaches the terminal through
// Copy and the clear, each in a single Write.
func TestCopyWritesOneWholeSequence(t *testing.T) {
	w := &writeRecorder{}
	cb := New(ModeOSC52, Env{Getenv: env("TMUX", "x"), Terminal: w})
	if _, err := cb.Copy("hello"); err != nil {
		t.Fatal(err)
	}
	if ok, err := clearLast(cb); !ok || err != nil {
		t.Fatalf("ClearLastCopy = %v, %v", ok, err)
	}
	want := []string{
		"\x1b]52;c;aGVsbG8=\a\x1bPtmux;\x1b\x1b]52;c;aGVsbG8=\a\x1b\\",
		"\x1b]52;c;\a\x1bPtmux;\x1b\x1b]52;c;\a\x1b\\",
	}
	if len(w.writes) != len(want) {
		t.Fatalf("terminal got %d writes %q, want %d", len(w.writes), w.writes, len(want))
	}
	for i := range want {
		if w.writes[i] != want[i] {
			t.Errorf("write %d = %q, want %q", i, w.writes[i], want[i])
		}
	}
}

type writeRecorder struct{ writes []string }

func (w *writeRecorder) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}
