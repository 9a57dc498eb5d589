package clipboard

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// tmuxTimeout bounds each tmux command: a clear runs in a tea.Cmd and at
// quit, and neither may hang on a server that does not answer.
const tmuxTimeout = 3 * time.Second

// RunTmux runs `tmux -S socket args...` and returns its standard output.
// It is Env.Tmux for the real environment.
func RunTmux(socket string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tmuxTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "tmux", append([]string{"-S", socket}, args...)...).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && len(exit.Stderr) > 0 {
			// tmux's own message names a buffer or the server, never a
			// buffer's contents.
			return nil, fmt.Errorf("tmux %s: %s", args[0], strings.TrimSpace(string(exit.Stderr)))
		}
		return nil, fmt.Errorf("tmux %s: %w", args[0], err)
	}
	return out, nil
}

// tmuxSocket is the socket of the tmux server the program runs in, from
// TMUX ("socket,pid,session", cut at the first comma as tmux does), or "".
func tmuxSocket(getenv func(string) string) string {
	socket, _, _ := strings.Cut(getenv("TMUX"), ",")
	if !strings.HasPrefix(socket, "/") {
		return "" // not a path: nothing of ours to talk to
	}
	return socket
}

// tmuxBuffers finds and deletes the paste buffers of one tmux server that
// hold a copy. With set-clipboard on, tmux keeps every OSC 52 copy a
// program makes in a new paste buffer (prefix ] pastes it) for the life of
// the server, and an empty OSC 52 does not remove it.
type tmuxBuffers struct {
	socket string
	run    func(socket string, args ...string) ([]byte, error)
}

// remove deletes every buffer that holds text of size bytes with digest d
// and returns how many it deleted. Only buffers of that very size are read,
// so text the user copied is not pulled into this process; what is read is
// wiped once compared. A buffer that vanishes meanwhile is skipped.
func (t *tmuxBuffers) remove(d digest, size int) (int, error) {
	out, err := t.run(t.socket, "list-buffers", "-F", "#{buffer_size} #{buffer_name}")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, line := range strings.Split(string(out), "\n") {
		sz, name, ok := strings.Cut(line, " ")
		if !ok || sz != strconv.Itoa(size) {
			continue
		}
		content, err := t.run(t.socket, "show-buffer", "-b", name)
		if err != nil {
			continue // deleted since it was listed
		}
		held := digest(sha256.Sum256(content)).equal(d)
		clear(content)
		if !held {
			continue
		}
		if _, err := t.run(t.socket, "delete-buffer", "-b", name); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
