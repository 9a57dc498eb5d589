// Package sandbox is a local, stateful stand-in for Twilio's key and account
// APIs, for demos, tests and offline work. Unmodified Twilio SDKs can talk to
// it: it serves, on one listener routed by path,
//
//	/2010-04-01/Accounts.json                       GET list, POST create subaccount
//	/2010-04-01/Accounts/{Sid}.json                 GET fetch, POST update
//	/2010-04-01/Accounts/{Sid}/Balance.json         GET (any key of the account)
//	/2010-04-01/Accounts/{Sid}/Keys.json            GET list, POST create
//	/2010-04-01/Accounts/{Sid}/Keys/{Sid}.json      GET, POST update, DELETE
//	/2010-04-01/Accounts/{Sid}/SigningKeys[/{Sid}].json   the same keys again
//	/v1/Keys                                        GET list (AccountSid required), POST create
//	/v1/Keys/{Sid}                                  GET, POST update, DELETE
//	/v1/AuthTokens/Secondary                        POST create, DELETE (accounts.twilio.com)
//	/v1/AuthTokens/Promote                          POST
//
// with Twilio's status codes, JSON fields, RFC 2822 dates, paging envelopes
// and error bodies. Paging is by position: a PageToken continues after the
// last key of the previous page, so listing while keys come and go never
// shows a key twice nor skips one that existed throughout.
//
// Authentication is HTTP Basic, as at Twilio: an Account SID with its Auth
// Token, or an API key SID with its secret. Only an Auth Token or a Main key
// may manage accounts and keys; Standard and Restricted keys get 401/20003
// there, but may call Balance.json, which is how a client checks that a new
// key works. A parent's Auth Token and Main keys reach its subaccounts; a
// subaccount's credentials never reach its parent or siblings. A closed
// account cannot authenticate; a suspended one gets 403/20403 once its
// credentials are proven right.
//
// Sandbox-only extension: Twilio creates Main keys only in its Console. The
// sandbox stands in for the Console by accepting KeyType=main on POST
// /v1/Keys. It also accepts KeyType=standard there.
//
// Secrets are 32 alphanumeric characters from crypto/rand, returned once by
// the create call and stored only as a salted SHA-256. Auth Tokens are kept
// in clear, because Twilio shows them on an account fetch and returns the
// secondary one again when it is promoted. A secondary Auth Token is
// accepted wherever the primary is; a promotion refuses the old primary for
// every request that starts after it.
//
// State is a bbolt file, by default $XDG_STATE_HOME/twilio-keys/sandbox.db,
// checked read-only at every start (see statefile.go), or anonymous memory.
// A change is answered only after it is committed to disk. A sandbox on a
// file also answers on a socket beside it, so other processes can use it
// (see share.go). The first start
// seeds a demo account, "Sandbox Account", with a few keys and a subaccount;
// the seeded keys' secrets are not kept, so nobody can use them.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a sandbox.
type Options struct {
	Listen    string           // address for Start; default "127.0.0.1:0"
	StatePath string           // bbolt file; "" with Memory false means DefaultStatePath()
	Memory    bool             // state in anonymous memory, never in a file (tests, --memory)
	SeedKeys  int              // extra generated keys added to the demo account, in one transaction, at every start
	Now       func() time.Time // clock; nil means time.Now

	// SeedSubaccounts adds this many subaccounts to the demo account at every
	// start, each with SeedSubaccountKeys generated keys.
	SeedSubaccounts, SeedSubaccountKeys int

	// Wrap, if set, wraps the API handler Start serves: the place for
	// middleware such as fault injection.
	Wrap func(http.Handler) http.Handler
}

// DefaultStatePath is where the sandbox keeps its state:
// $XDG_STATE_HOME/twilio-keys/sandbox.db, else
// ~/.local/state/twilio-keys/sandbox.db.
func DefaultStatePath() (string, error) {
	// The XDG spec says to ignore a relative path.
	if dir := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "twilio-keys", "sandbox.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no state directory: %w", err)
	}
	return filepath.Join(home, ".local", "state", "twilio-keys", "sandbox.db"), nil
}

// Handler is the sandbox's API as an http.Handler, for use with httptest or
// any server. It owns the store; Close it when done.
type Handler struct {
	store *store
	now   func() time.Time
	demo  accountRecord

	inFlight atomic.Int64 // requests being answered, for Twilio-Concurrent-Requests
}

// NewHandler opens (or creates and seeds) the store named by opts. Listen
// and Wrap are for Start and ignored here.
func NewHandler(opts Options) (*Handler, error) {
	if opts.SeedKeys < 0 || opts.SeedSubaccounts < 0 || opts.SeedSubaccountKeys < 0 {
		return nil, errors.New("sandbox: SeedKeys, SeedSubaccounts and SeedSubaccountKeys must not be negative")
	}
	path := opts.StatePath
	if path == "" && !opts.Memory {
		var err error
		if path, err = DefaultStatePath(); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	st, err := openStore(path, opts.Memory, opts.StatePath != "", (opts.SeedKeys+opts.SeedSubaccounts*opts.SeedSubaccountKeys)*seededKeyBytes)
	if err != nil {
		return nil, err
	}
	h := &Handler{store: st, now: opts.Now}
	if h.now == nil {
		h.now = time.Now
	}
	if h.demo, err = h.seedDemo(); err == nil {
		err = h.seedKeys(h.demo.SID, opts.SeedKeys)
	}
	if err == nil {
		err = h.seedSubaccounts(opts.SeedSubaccounts, opts.SeedSubaccountKeys)
	}
	if err != nil {
		st.close()
		return nil, fmt.Errorf("sandbox: seeding: %w", err)
	}
	return h, nil
}

// AccountSID is the demo account's SID.
func (h *Handler) AccountSID() string { return h.demo.SID }

// AuthToken is the demo account's Auth Token as the store has it now: after
// a promotion (POST /v1/AuthTokens/Promote), the promoted one.
func (h *Handler) AuthToken() string {
	token := h.demo.AuthToken
	h.store.view(func(t *txn) error {
		if a, found, err := t.account(h.demo.SID); err == nil && found {
			token = a.AuthToken
		}
		return nil
	})
	return token
}

// Close closes the store; in memory mode it also deletes it.
func (h *Handler) Close() error { return h.store.close() }

// Server is a sandbox listening on a TCP address.
type Server struct {
	h        *Handler
	handler  http.Handler
	server   *http.Server
	url      string
	exposed  bool
	stopCtx  func() bool
	unshare  func() // stops answering on the state file's socket; nil if not
	closing  sync.Once
	closeErr error
}

// Start opens the store, seeds it if it is empty, and serves the API on
// opts.Listen (default 127.0.0.1:0). It is listening when it returns. The
// server closes when ctx is done or Close is called.
func Start(ctx context.Context, opts Options) (*Server, error) {
	h, err := NewHandler(opts)
	if err != nil {
		return nil, err
	}
	addr := opts.Listen
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		h.Close()
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	s := &Server{h: h, handler: http.Handler(h)}
	if opts.Wrap != nil {
		s.handler = opts.Wrap(h)
	}
	tcp := ln.Addr().(*net.TCPAddr)
	s.exposed = !tcp.IP.IsLoopback()
	s.url = "http://" + dialableAddr(tcp)
	lim := newConnLimiter(ln, maxConns)
	s.server = newHTTPServer(s.handler, lim)
	go s.server.Serve(lim)
	s.unshare = shareOn(h, s.url)
	s.stopCtx = context.AfterFunc(ctx, func() { s.Close() })
	return s, nil
}

// dialableAddr is the address a local client should dial: an unspecified
// address (all interfaces) is reached through loopback.
func dialableAddr(a *net.TCPAddr) string {
	ip := a.IP
	switch {
	case ip.IsUnspecified() && ip.To4() != nil:
		ip = net.IPv4(127, 0, 0, 1)
	case ip.IsUnspecified():
		ip = net.IPv6loopback
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(a.Port))
}

// URL is the server's base URL, e.g. "http://127.0.0.1:8080". It serves the
// 2010-04-01 and the v1 paths alike.
func (s *Server) URL() string { return s.url }

// AccountSID is the demo account's SID.
func (s *Server) AccountSID() string { return s.h.AccountSID() }

// AuthToken is the demo account's Auth Token.
func (s *Server) AuthToken() string { return s.h.AuthToken() }

// Handler is what the server serves: the API, wrapped by Options.Wrap.
func (s *Server) Handler() http.Handler { return s.handler }

// Exposed reports whether the server listens beyond loopback, where anyone
// on the network can try credentials. Callers should warn the user.
func (s *Server) Exposed() bool { return s.exposed }

// Close stops accepting connections, waits briefly for requests in flight,
// and closes the store. It is safe to call more than once.
func (s *Server) Close() error {
	s.closing.Do(func() {
		s.stopCtx()
		if s.unshare != nil {
			s.unshare()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.server.Shutdown(ctx); err != nil {
			s.server.Close()
		}
		s.closeErr = s.h.Close()
	})
	return s.closeErr
}
