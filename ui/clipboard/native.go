package clipboard

import (
	"errors"
	"time"

	atotto "github.com/atotto/clipboard"
)

// Native is a system clipboard. System is the real one; tests use a fake.
type Native interface {
	ReadAll() (string, error)
	WriteAll(text string) error
}

// System returns the system clipboard through github.com/atotto/clipboard,
// which runs pbcopy/pbpaste, wl-copy, xclip, xsel, termux or clip.exe. Each
// call gives up after a few seconds: a helper waiting on a dead X server
// must not hang the status line or quit. A helper that was given up on may
// still finish later.
func System() Native { return systemClipboard{} }

const nativeTimeout = 3 * time.Second

var errNativeTimeout = errors.New("the clipboard helper did not answer in time")

type systemClipboard struct{}

func (systemClipboard) ReadAll() (string, error) {
	type result struct {
		text string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		text, err := atotto.ReadAll()
		done <- result{text, err}
	}()
	timer := time.NewTimer(nativeTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.text, r.err
	case <-timer.C:
		return "", errNativeTimeout
	}
}

func (systemClipboard) WriteAll(text string) error {
	done := make(chan error, 1)
	go func() { done <- atotto.WriteAll(text) }()
	timer := time.NewTimer(nativeTimeout)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return errNativeTimeout
	}
}
