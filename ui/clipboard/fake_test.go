package clipboard

import (
	"bytes"
	"errors"
	"sync"
)

// fakeNative is a system clipboard in memory. The user copying something
// else is a call to set.
type fakeNative struct {
	mu       sync.Mutex
	content  string
	writes   int
	writeErr error
	readErr  error
	// mangle, when set, changes what WriteAll stores (as clip.exe turns \n
	// into \r\n).
	mangle func(string) string
}

func (f *fakeNative) ReadAll() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readErr != nil {
		return "", f.readErr
	}
	return f.content, nil
}

func (f *fakeNative) WriteAll(text string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.writeErr != nil {
		return f.writeErr
	}
	f.writes++
	if f.mangle != nil {
		text = f.mangle(text)
	}
	f.content = text
	return nil
}

func (f *fakeNative) set(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.content = s
}

func (f *fakeNative) get() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.content
}

// env builds a Getenv from pairs.
func env(pairs ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) string { return m[k] }
}

var errNoDisplay = errors.New("exit status 1")

// failingWriter is a terminal whose writes fail.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// testSetup is a Clipboard over a fake system clipboard and a buffer
// terminal.
type testSetup struct {
	cb     Clipboard
	native *fakeNative
	term   *bytes.Buffer
}

func setup(mode Mode, getenv func(string) string) testSetup {
	s := testSetup{native: &fakeNative{}, term: &bytes.Buffer{}}
	s.cb = New(mode, Env{Getenv: getenv, Terminal: s.term, Native: s.native})
	return s
}
