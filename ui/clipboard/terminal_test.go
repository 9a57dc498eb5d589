package clipboard

import (
	"encoding/base64"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/term"
)

// Bubble Tea finds a TTY behind its output only through this interface.
var _ term.File = (*TerminalOutput)(nil)

// byteAtATimeFile is a terminal that takes each Write one byte at a time,
// yielding between bytes, with no lock of its own: without TerminalOutput's
// lock, concurrent writes interleave here (and the race detector objects).
type byteAtATimeFile struct {
	out []byte
}

func (f *byteAtATimeFile) Write(p []byte) (int, error) {
	for _, c := range p {
		f.out = append(f.out, c)
		runtime.Gosched()
	}
	return len(p), nil
}

func (f *byteAtATimeFile) Read([]byte) (int, error) { return 0, nil }
func (f *byteAtATimeFile) Close() error             { return nil }
func (f *byteAtATimeFile) Fd() uintptr              { return ^uintptr(0) }

// TestOSC52NeverLandsInsideAFrame writes frames (as Bubble Tea's renderer
// does, one Write each) and copies through OSC 52 from several goroutines,
// then parses the terminal's bytes back: each must be a whole frame or a
// whole sequence, every one exactly once.
func TestOSC52NeverLandsInsideAFrame(t *testing.T) {
	const renderers, frames, copiers, copies = 3, 40, 2, 40
	file := &byteAtATimeFile{}
	out := NewTerminalOutput(file)
	cb := New(ModeOSC52, Env{Getenv: env("TERM", "xterm-256color"), Terminal: out})

	frame := func(g, k int) string {
		return "\x1b[H" + strings.Repeat(fmt.Sprintf("frame %d.%d\x1b[K\r\n", g, k), 5)
	}
	want := map[string]int{}
	var wg sync.WaitGroup
	for g := range renderers {
		for k := range frames {
			want[frame(g, k)]++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range frames {
				if _, err := out.Write([]byte(frame(g, k))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for g := range copiers {
		for k := range copies {
			want["copy:"+fmt.Sprintf("text %d.%d", g, k)]++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range copies {
				if _, err := cb.Copy(fmt.Sprintf("text %d.%d", g, k)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()

	got := map[string]int{}
	rest := string(file.out)
	for rest != "" {
		switch {
		case strings.HasPrefix(rest, "\x1b]52;c;"):
			end := strings.IndexByte(rest, '\a')
			if end < 0 {
				t.Fatalf("unterminated OSC 52 at %q", clipTo(rest, 80))
			}
			text, err := base64.StdEncoding.DecodeString(rest[len("\x1b]52;c;"):end])
			if err != nil {
				t.Fatalf("OSC 52 payload is not whole: %q", rest[:end])
			}
			got["copy:"+string(text)]++
			rest = rest[end+1:]
		case strings.HasPrefix(rest, "\x1b[H"):
			end := strings.Index(rest[1:], "\x1b[H") + 1
			if osc := strings.Index(rest, "\x1b]52"); osc > 0 && (end == 0 || osc < end) {
				end = osc
			}
			if end == 0 {
				end = len(rest)
			}
			got[rest[:end]]++
			rest = rest[end:]
		default:
			t.Fatalf("terminal bytes are neither a frame nor OSC 52: %q", clipTo(rest, 80))
		}
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%q arrived whole %d times, want %d", k, got[k], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("terminal got %d distinct pieces, want %d: bytes were interleaved", len(got), len(want))
	}
}

func clipTo(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func TestTerminalOutputPassesThroughToTheFile(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := NewTerminalOutput(w)
	if out.Fd() != w.Fd() {
		t.Errorf("Fd = %d, want the file's %d", out.Fd(), w.Fd())
	}
	if _, err := out.Write([]byte("frame")); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, _ := r.Read(buf)
	if string(buf[:n]) != "frame" {
		t.Errorf("file got %q, want %q", buf[:n], "frame")
	}
	if _, err := w.Write([]byte("x")); err == nil {
		t.Error("Close did not close the file")
	}
}

func TestStdoutIsOneWrapperShared(t *testing.T) {
	out := Stdout()
	if out != Stdout() {
		t.Error("Stdout returned two wrappers, so two locks for one terminal")
	}
	if out.Fd() != os.Stdout.Fd() {
		t.Errorf("Stdout wraps fd %d, want os.Stdout's %d", out.Fd(), os.Stdout.Fd())
	}
	if SystemEnv().Terminal != out {
		t.Error("SystemEnv sends OSC 52 somewhere other than Stdout()")
	}
}
