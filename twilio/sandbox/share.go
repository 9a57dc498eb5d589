package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// A sandbox on a state file also answers on a unix socket beside it, 0600
// in the 0700 state directory, so that a second twilio-keys process (a
// `list` in another tmux pane while the console runs) can use the running
// sandbox instead of failing on the file's lock. The socket hands out the
// TCP base URL and the demo account's current credentials: the same secret
// the state file itself holds in clear, behind the same permissions. No
// credential is written to any file for it.

// maxSocketPath is below the smallest sun_path limit of the platforms Go
// supports (104 bytes on macOS and the BSDs, 108 on Linux).
const maxSocketPath = 100

// SocketPath is the unix socket a sandbox on statePath answers on.
func SocketPath(statePath string) string {
	return strings.TrimSuffix(statePath, ".db") + ".sock"
}

// Shared is a sandbox another process runs: where it listens and the demo
// account's credentials.
type Shared struct {
	URL        string `json:"url"`
	AccountSID string `json:"account_sid"`
	AuthToken  string `json:"auth_token"`
}

// ErrNotShared is returned by Join when no live sandbox runs on the state
// file.
var ErrNotShared = errors.New("no sandbox is running on this state file")

// Join finds the sandbox another process runs on statePath and checks that
// it answers, with the credentials it handed out, on its TCP address.
func Join(ctx context.Context, statePath string) (*Shared, error) {
	sock := SocketPath(statePath)
	info, err := os.Lstat(sock)
	if err != nil || info.Mode().Type() != fs.ModeSocket || len(sock) > maxSocketPath {
		return nil, ErrNotShared
	}
	if err := ownedByMe(info); err != nil {
		return nil, fmt.Errorf("%s %v; it was not used", sock, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	local := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
	defer local.CloseIdleConnections()
	var sh Shared
	if err := getJSON200(ctx, local, "http://sandbox/v1/Sandbox", "", "", &sh); err != nil {
		return nil, ErrNotShared // a socket left by a process that was killed
	}
	u, err := url.Parse(sh.URL)
	if err != nil || u.Scheme != "http" || !isLoopback(u.Hostname()) || !validSID(sh.AccountSID, "AC") {
		return nil, fmt.Errorf("%s answered with an address or account that is not a local sandbox's; it was not used", sock)
	}
	// The API itself must answer, with these credentials.
	remote := &http.Client{}
	defer remote.CloseIdleConnections()
	if err := getJSON200(ctx, remote, sh.URL+"/2010-04-01/Accounts/"+sh.AccountSID+".json", sh.AccountSID, sh.AuthToken, &struct{}{}); err != nil {
		return nil, fmt.Errorf("the sandbox at %s does not answer: %w", sh.URL, err)
	}
	return &sh, nil
}

func getJSON200(ctx context.Context, c *http.Client, u, user, pass string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(v)
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// shareOn serves the handler's base URL and demo credentials on the socket
// beside its state file. It returns a stop function, or nil when there is
// no socket: no state file, a path too long for a socket, or something not
// ours in its place. Sharing is a convenience; its absence only means a
// second process gets the "in use" error.
func shareOn(h *Handler, baseURL string) func() {
	if h.store.path == "" {
		return nil
	}
	sock := SocketPath(h.store.path)
	if len(sock) > maxSocketPath {
		return nil
	}
	// We hold the state file's lock, so a socket there is a dead process's.
	if info, err := os.Lstat(sock); err == nil {
		if info.Mode().Type() != fs.ModeSocket || os.Remove(sock) != nil {
			return nil
		}
	}
	ln, err := net.Listen("unix", sock)
	if err != nil {
		return nil
	}
	if err := os.Chmod(sock, 0o600); err != nil {
		ln.Close()
		return nil
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet || r.URL.Path != "/v1/Sandbox" {
				http.NotFound(w, r)
				return
			}
			var demo accountRecord
			err := h.store.view(func(t *txn) error {
				var err error
				demo, _, err = t.account(h.demo.SID)
				return err
			})
			if err != nil {
				http.Error(w, "the sandbox cannot read its state", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(Shared{URL: baseURL, AccountSID: demo.SID, AuthToken: demo.AuthToken})
		}),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          discardLog,
	}
	go srv.Serve(ln)
	return func() {
		srv.Close()
		os.Remove(sock)
	}
}
