// Package testwait is for tests that wait on what another goroutine or
// process writes: a child's stderr, a server's log, a program's screen. A
// Buffer collects the writes and wakes its waiters on each one, so a test
// waits for what was written rather than sleeping or polling.
//
// It is for _test.go files only, and imports nothing of this module (no ui,
// no client, no sandbox), so any package's tests may use it.
package testwait

import (
	"bytes"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Limit bounds a wait. It is only reached when the awaited output never
// comes, and is generous because -race on two loaded cores is slow; a wait
// returns as soon as the output is there.
const Limit = time.Minute

// Buffer collects what is written to it, safe for concurrent use. Its zero
// value is ready to use.
type Buffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced at every write
	closed  bool          // the writer is gone: nothing more will come
}

// changedLocked is the channel the next write closes.
func (b *Buffer) changedLocked() chan struct{} {
	if b.changed == nil {
		b.changed = make(chan struct{})
	}
	return b.changed
}

// wakeLocked wakes every waiter.
func (b *Buffer) wakeLocked() {
	close(b.changedLocked())
	b.changed = make(chan struct{})
}

// Write appends p and wakes the waiters.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.wakeLocked()
	return b.buf.Write(p)
}

// Bytes is a copy of everything written so far.
func (b *Buffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

// String is everything written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Close says that the writer is gone, so a wait whose condition does not
// hold yet fails at once instead of at Limit.
func (b *Buffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	b.wakeLocked()
	return nil
}

// Wait blocks until cond holds for everything written so far and returns
// that. It fails tb, naming what it waited for and showing what was
// written, once the buffer is closed without cond holding or after Limit.
func (b *Buffer) Wait(tb testing.TB, what string, cond func(written []byte) bool) []byte {
	tb.Helper()
	deadline := time.NewTimer(Limit)
	defer deadline.Stop()
	for {
		b.mu.Lock()
		written, changed, closed := bytes.Clone(b.buf.Bytes()), b.changedLocked(), b.closed
		b.mu.Unlock()
		switch {
		case cond(written):
			return written
		case closed:
			tb.Fatalf("the writer finished without %s; it wrote:\n%q", what, written)
		}
		select {
		case <-changed:
		case <-deadline.C:
			tb.Fatalf("timed out after %v waiting for %s; got:\n%q", Limit, what, b.Bytes())
		}
	}
}

// WaitFor waits until text has been written.
func (b *Buffer) WaitFor(tb testing.TB, text string) {
	tb.Helper()
	b.Wait(tb, strconv.Quote(text), func(written []byte) bool { return bytes.Contains(written, []byte(text)) })
}
