package testwait

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// A write from another goroutine wakes the waiter, which returns all that
// was written.
func TestWaitWakesOnWrite(t *testing.T) {
	var b Buffer
	go func() {
		for _, s := range []string{"one ", "two ", "three"} {
			fmt.Fprint(&b, s)
		}
	}()
	got := b.Wait(t, "three", func(w []byte) bool { return strings.HasSuffix(string(w), "three") })
	if string(got) != "one two three" {
		t.Fatalf("Wait returned %q", got)
	}
	b.WaitFor(t, "two") // already there: returns at once
}

// fatalRecorder is a testing.TB whose Fatalf records the message and ends
// the goroutine, as testing's does.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Helper() {}
func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// Once the writer is gone, a wait for what never came fails at once and
// shows what was written.
func TestWaitFailsWhenClosed(t *testing.T) {
	var b Buffer
	b.Write([]byte("partial"))
	r := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.WaitFor(r, "the end")
	}()
	b.Close()
	<-done
	if !strings.Contains(r.msg, `"the end"`) || !strings.Contains(r.msg, "partial") {
		t.Fatalf("the failure says %q, want what was awaited and what was written", r.msg)
	}
}
