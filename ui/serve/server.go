// Package serve serves the console over SSH, for a team: each person signs
// in with their own SSH key, listed in an OpenSSH authorized_keys file with a
// role, and gets a console of their own (its own size, secret modal and
// clipboard) acting with the server's credentials, which never leave the
// server. Commands sent over SSH (ssh HOST list --json) run the scripting
// commands. Every session and every action goes to a JSON-lines audit log.
//
// It is built on charmbracelet/wish. It imports ui, never the sandbox: cmd
// wires credentials and the scripting commands in.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"github.com/twilio-keys/twilio-keys/ui"
	"github.com/twilio-keys/twilio-keys/ui/clipboard"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// Defaults for Config's limits.
const (
	DefaultMaxSessions = 32
	DefaultMaxPerKey   = 4
	DefaultIdleTimeout = 15 * time.Minute
	DefaultIdleWarning = time.Minute
)

// Stdio is a command session's standard streams.
type Stdio struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Config is what a Server is made with.
type Config struct {
	// AuthorizedKeys is the OpenSSH authorized_keys file; it is read again
	// for every sign-in and every session, so edits apply without a restart.
	AuthorizedKeys string
	// HostKey is the host key's file, made (ed25519, 0600) if missing.
	HostKey string
	// Console is what every session's console starts from: Service (acting
	// with the server's credentials), ForAccount, Source, ClearAfter, Now.
	// Each session gets its own guarded Service and its own Clipboard.
	Console ui.Config
	// Account is the SID of the account Console.Service acts on, for the
	// audit log.
	Account string
	// Script runs a scripting command (args[0] is its name) on the session's
	// streams with svc, the session's guarded Service, and returns its exit
	// code. The role has been checked before it is called.
	Script func(ctx context.Context, args []string, stdio Stdio, svc ui.Service) int
	// Audit receives the audit log, one JSON object per line.
	Audit io.Writer
	// Log receives the server's own messages (problems in authorized_keys,
	// a failing audit log); nil discards them.
	Log io.Writer

	MaxSessions int           // sessions at once, in all; 0 means DefaultMaxSessions
	MaxPerKey   int           // sessions at once per key; 0 means DefaultMaxPerKey
	IdleTimeout time.Duration // a console with no input for this long ends; 0 means DefaultIdleTimeout
	IdleWarning time.Duration // the warning comes this long before; 0 means DefaultIdleWarning
	Now         func() time.Time
}

// Server is the SSH server.
type Server struct {
	cfg    Config
	ssh    *ssh.Server
	signer gossh.Signer
	made   bool
	audit  *auditLog

	mu       sync.Mutex
	sessions map[ssh.Session]*session
	perKey   map[string]int
	seq      int
	closing  bool
	problems string // the last problems found in authorized_keys, to log each change once
	idle     sync.WaitGroup
}

// New makes the server and its host key, if there is none yet.
func New(cfg Config) (*Server, error) {
	if cfg.Console.Service == nil || cfg.Script == nil || cfg.AuthorizedKeys == "" || cfg.HostKey == "" {
		return nil, errors.New("serve: Console.Service, Script, AuthorizedKeys and HostKey are required")
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Console.Now == nil {
		cfg.Console.Now = cfg.Now
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxPerKey <= 0 {
		cfg.MaxPerKey = DefaultMaxPerKey
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.IdleWarning <= 0 || cfg.IdleWarning >= cfg.IdleTimeout {
		cfg.IdleWarning = min(DefaultIdleWarning, cfg.IdleTimeout/2)
	}
	signer, made, err := loadOrCreateHostKey(cfg.HostKey)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, signer: signer, made: made,
		sessions: map[ssh.Session]*session{},
		perKey:   map[string]int{},
	}
	s.audit = &auditLog{w: cfg.Audit, now: cfg.Now, onError: func(err error) {
		fmt.Fprintf(cfg.Log, "serve: writing the audit log failed: %v\n", err)
	}}
	s.ssh, err = wish.NewServer(
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.authenticate),
		// No password or keyboard-interactive handler: public keys only.
		// Only "session" channels exist (no direct-tcpip, so no port
		// forwarding); no forwarding callbacks; no subsystems (no SFTP).
		func(srv *ssh.Server) error {
			srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": ssh.DefaultSessionHandler}
			srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
			srv.RequestHandlers = map[string]ssh.RequestHandler{}
			srv.Version = "twilio-keys"
			return nil
		},
		wish.WithMiddleware(
			bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.handle,
		),
	)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Fingerprint is the host key's SHA256 fingerprint, for users to check
// against what ssh shows them on first connect.
func (s *Server) Fingerprint() string { return gossh.FingerprintSHA256(s.signer.PublicKey()) }

// HostKeyCreated reports whether New made the host key.
func (s *Server) HostKeyCreated() bool { return s.made }

// PublicHostKey is the host key in authorized_keys form, for known_hosts.
func (s *Server) PublicHostKey() gossh.PublicKey { return s.signer.PublicKey() }

// Problems describes lines of the authorized_keys file that let no one in,
// by line number; cmd prints them at start.
func (s *Server) Problems() ([]string, error) {
	_, problems, err := authorizedKeys(s.cfg.AuthorizedKeys)
	return problems, err
}

// Serve accepts connections on ln until Shutdown; it returns
// ssh.ErrServerClosed then.
func (s *Server) Serve(ln net.Listener) error {
	s.audit.write(Record{Event: EventServerStart, From: ln.Addr().String()})
	return s.ssh.Serve(ln)
}

// Shutdown tells every session that the server is stopping and ends it:
// consoles quit (clearing a copied secret) and say why; running commands are
// given until ctx is done to finish. Then the connections are closed.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	all := make([]*session, 0, len(s.sessions))
	for _, st := range s.sessions {
		all = append(all, st)
	}
	s.mu.Unlock()
	_ = s.ssh.Shutdown(expired()) // closes the listener; connections stay for now
	for _, st := range all {
		st.stop("shutdown")
	}
	done := make(chan struct{})
	go func() { s.idle.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = ctx.Err()
		for _, st := range all {
			st.cancel() // commands still running are cut off
		}
	}
	s.audit.write(Record{Event: EventServerStop})
	if cerr := s.ssh.Close(); err == nil && cerr != nil && !errors.Is(cerr, ssh.ErrServerClosed) {
		err = cerr
	}
	return err
}

// expired is a context that is already done, for ssh.Server.Shutdown to
// close the listeners without waiting for connections.
func expired() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// authenticate lets in a key listed in authorized_keys, reading the file
// again each time. The role is looked up again when the session starts,
// from the key the client actually signed with.
func (s *Server) authenticate(ctx ssh.Context, key ssh.PublicKey) bool {
	_, ok, err := s.lookup(key)
	if err != nil {
		fmt.Fprintf(s.cfg.Log, "serve: reading %s: %v\n", s.cfg.AuthorizedKeys, err)
	}
	if !ok {
		s.audit.write(Record{Event: EventAuthRefused, User: ctx.User(), Key: gossh.FingerprintSHA256(key),
			From: remote(ctx.RemoteAddr()), Reason: "key not in authorized_keys"})
	}
	return ok
}

// lookup reads authorized_keys and finds key, logging problems in the file
// when they change.
func (s *Server) lookup(key gossh.PublicKey) (entry, bool, error) {
	keys, problems, err := authorizedKeys(s.cfg.AuthorizedKeys)
	if err != nil {
		return entry{}, false, err
	}
	s.mu.Lock()
	if p := strings.Join(problems, "; "); p != s.problems {
		s.problems = p
		if p != "" {
			fmt.Fprintf(s.cfg.Log, "serve: %s: %s\n", s.cfg.AuthorizedKeys, p)
		}
	}
	s.mu.Unlock()
	want := string(key.Marshal())
	for _, e := range keys {
		if string(e.key.Marshal()) == want {
			return e, true, nil
		}
	}
	return entry{}, false, nil
}

func remote(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// session is one SSH session: who, with which role, and what it runs.
type session struct {
	srv    *Server
	ssh    ssh.Session
	rec    Record // who, from where, role: the start of every audit line
	role   Role
	keyFP  string
	ctx    context.Context
	cancel context.CancelFunc

	activity chan struct{}
	clip     *sessionClipboard

	mu      sync.Mutex
	program *tea.Program
	reason  string // why it ended, if not because the user quit
}

// action writes an action to the audit log.
func (st *session) action(a Action, account, keySID, outcome string, err error) {
	r := st.rec
	r.Event, r.Action, r.Account, r.KeySID, r.Outcome = EventAction, a, account, keySID, outcome
	if err != nil {
		r.Error = err.Error()
	}
	st.srv.audit.write(r)
}

// copied writes a copy to the audit log: what kind of text, never the text.
func (st *session) copied(what, outcome string, err error) {
	r := st.rec
	r.Event, r.Action, r.Outcome, r.Reason = EventAction, ActionCopy, outcome, what
	if err != nil {
		r.Error = err.Error()
	}
	st.srv.audit.write(r)
}

// stop ends the session for reason ("idle", "shutdown"): a console is told
// and quits; a command is left to finish unless the server cuts it off.
func (st *session) stop(reason string) {
	st.mu.Lock()
	if st.reason == "" {
		st.reason = reason
	}
	p := st.program
	st.mu.Unlock()
	if p != nil {
		if reason == "shutdown" {
			p.Send(noticeMsg("The server is shutting down; this session ends now."))
		}
		p.Send(endMsg{})
	}
}

func (st *session) endReason() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.reason
}

// handle runs every session: it checks who it is and the limits, writes the
// start and end to the audit log, and runs a command, or the console (the
// next handler, wish's Bubble Tea middleware, which calls program).
func (s *Server) handle(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		st, why := s.begin(sess)
		if st == nil {
			fmt.Fprintf(sess.Stderr(), "twilio-keys: %s\r\n", why)
			_ = sess.Exit(1)
			return
		}
		defer s.end(st)
		_, _, hasPTY := sess.Pty()
		switch {
		case len(sess.Command()) > 0:
			code := s.runCommand(st)
			st.rec.Code = &code
			_ = sess.Exit(code)
		case !hasPTY:
			st.stop("no terminal")
			fmt.Fprint(sess.Stderr(), "twilio-keys: the console needs a terminal: connect with ssh -t, or run a command such as 'list --json'\n")
			_ = sess.Exit(1)
		default:
			next(sess)
			st.clip.clearAtEnd()
			if st.endReason() == "shutdown" {
				fmt.Fprint(sess.Stderr(), "twilio-keys: the server is shutting down; the session has ended.\r\n")
			} else if st.endReason() == "idle" {
				fmt.Fprint(sess.Stderr(), "twilio-keys: the session ended after being idle.\r\n")
			}
		}
	}
}

// begin identifies the session and counts it against the limits. It returns
// nil and why when the session is refused.
func (s *Server) begin(sess ssh.Session) (*session, string) {
	key := sess.PublicKey()
	rec := Record{User: sess.User(), From: remote(sess.RemoteAddr())}
	if key == nil {
		return nil, "no public key" // cannot happen: only public keys get in
	}
	rec.Key = gossh.FingerprintSHA256(key)
	refuse := func(why string) (*session, string) {
		r := rec
		r.Event, r.Reason = EventSessionRefused, why
		s.audit.write(r)
		return nil, why
	}
	e, ok, err := s.lookup(key)
	if err != nil || !ok {
		return refuse("the key is no longer in authorized_keys")
	}
	rec.KeyComment, rec.Role = e.comment, e.role.String()
	rec.Kind = "console"
	if args := sess.Command(); len(args) > 0 {
		rec.Kind, rec.Command = "command", sanitize.Line(args[0], 32)
	} else if e.noPTY {
		return refuse("this key has no-pty in authorized_keys: commands only, no console")
	}

	s.mu.Lock()
	switch {
	case s.closing:
		s.mu.Unlock()
		return refuse("the server is shutting down")
	case len(s.sessions) >= s.cfg.MaxSessions:
		s.mu.Unlock()
		return refuse(fmt.Sprintf("the server already has %d sessions, its limit; try again later", s.cfg.MaxSessions))
	case s.perKey[rec.Key] >= s.cfg.MaxPerKey:
		s.mu.Unlock()
		return refuse(fmt.Sprintf("this key already has %d sessions, the limit per key; close one first", s.cfg.MaxPerKey))
	}
	s.seq++
	rec.Session = fmt.Sprintf("s%d", s.seq)
	ctx, cancel := context.WithCancel(sess.Context())
	st := &session{srv: s, ssh: sess, rec: rec, role: e.role, keyFP: rec.Key, ctx: ctx, cancel: cancel,
		activity: make(chan struct{}, 1)}
	s.sessions[sess] = st
	s.perKey[rec.Key]++
	s.idle.Add(1)
	s.mu.Unlock()

	r := rec
	r.Event = EventSessionStart
	s.audit.write(r)
	return st, ""
}

// end writes the session's end and frees its place.
func (s *Server) end(st *session) {
	st.cancel()
	reason := st.endReason()
	if reason == "" {
		reason = "closed"
		if st.ssh.Context().Err() != nil {
			reason = "disconnected"
		}
	}
	r := st.rec
	r.Event, r.Reason = EventSessionEnd, reason
	s.audit.write(r)
	s.mu.Lock()
	delete(s.sessions, st.ssh)
	if s.perKey[st.keyFP]--; s.perKey[st.keyFP] <= 0 {
		delete(s.perKey, st.keyFP)
	}
	s.mu.Unlock()
	s.idle.Done()
}

// commandActions are the commands a session may send, with the action each
// needs. Anything else is refused: a command added to the CLI later is not
// reachable over SSH until it is given an action here.
var commandActions = map[string]Action{
	"list":   ActionList,
	"create": ActionCreate,
	"rename": ActionRename,
	"delete": ActionDelete,
	"check":  ActionCheck,
	"help":   "",
}

// Exit codes of commands refused before they run, the scripting commands'
// own: 2 for a usage mistake, 4 for credentials (here: a role) refused.
const (
	exitUsage    = 2
	exitRejected = 4
)

func (s *Server) runCommand(st *session) int {
	args := st.ssh.Command()
	stderr := st.ssh.Stderr()
	a, known := commandActions[args[0]]
	if !known {
		names := make([]string, 0, len(commandActions))
		for n := range commandActions {
			names = append(names, n)
		}
		sort.Strings(names)
		fmt.Fprintf(stderr, "twilio-keys: %q is not a command here; over SSH: %s\n", sanitize.Line(args[0], 32), strings.Join(names, ", "))
		return exitUsage
	}
	wantsHelp := a == "" || hasHelpFlag(args[1:])
	if !wantsHelp && !st.role.Allows(a) {
		st.action(a, s.cfg.Account, keySIDIn(args[1:]), OutcomeRefused, nil)
		fmt.Fprintf(stderr, "twilio-keys %s: %v\n", args[0], &RefusedError{Role: st.role, Action: a})
		return exitRejected
	}
	svc := &guarded{inner: s.cfg.Console.Service, sess: st, account: s.cfg.Account}
	return s.cfg.Script(st.ctx, args, Stdio{Stdin: st.ssh, Stdout: st.ssh, Stderr: stderr}, svc)
}

// keySIDIn finds the key a refused command named, for the audit log.
func keySIDIn(args []string) string {
	for _, a := range args {
		if keySIDPattern.MatchString(a) {
			return a
		}
	}
	return ""
}

var keySIDPattern = regexp.MustCompile(`^SK[0-9a-f]{32}$`)

func hasHelpFlag(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// program makes the session's console, for wish's Bubble Tea middleware.
// It returns nil (and the middleware does nothing) for a session that is not
// a console.
func (s *Server) program(sess ssh.Session) *tea.Program {
	s.mu.Lock()
	st := s.sessions[sess]
	s.mu.Unlock()
	if st == nil {
		return nil
	}
	pty, _, _ := sess.Pty()
	out := &lockedWriter{w: sess}
	clientEnv := sess.Environ()
	getenv := func(k string) string {
		if k == "TERM" {
			return pty.Term
		}
		if k == "TMUX" && strings.HasPrefix(pty.Term, "tmux") {
			return "1" // tmux's own TERM: wrap for tmux, as TMUX would locally
		}
		for _, kv := range clientEnv {
			if name, v, ok := strings.Cut(kv, "="); ok && name == k && k == "TMUX" {
				return v // sent with ssh -o SendEnv=TMUX
			}
		}
		return ""
	}
	st.clip = &sessionClipboard{
		inner: clipboard.New(clipboard.ModeOSC52, clipboard.Env{Getenv: getenv, Terminal: out}),
		sess:  st,
	}
	cfg := s.cfg.Console
	cfg.Renderer = sessionRenderer(out, pty.Term, clientEnv)
	cfg.Service = &guarded{inner: cfg.Service, sess: st, account: s.cfg.Account}
	cfg.Clipboard = st.clip
	// The console hides what the role may not do; the guarded Service
	// refuses it all the same if it is reached. ui's actions are named as
	// ours are.
	cfg.Allowed = func(a ui.Action) bool {
		if a == ui.ActionAuthToken {
			// Promoting a new Auth Token signs in again only the session
			// that did it: every other session, and the server, would be
			// left on a token Twilio no longer accepts. Until the server
			// can swap its credentials for all, no role gets the screen.
			return false
		}
		return st.role.Allows(Action(a))
	}
	if base := cfg.ForAccount; base != nil {
		cfg.ForAccount = func(sid string) (ui.Service, error) {
			svc, err := base(sid)
			if err != nil {
				return nil, err
			}
			return &guarded{inner: svc, sess: st, account: sid}, nil
		}
	}
	// The session's end stops the console's requests, the key listing included.
	m := console{inner: ui.NewContext(sess.Context(), cfg), bar: st.barText(), styles: newBarStyles(cfg.Renderer)}
	p := tea.NewProgram(m,
		tea.WithAltScreen(),
		tea.WithInput(activityReader{r: sess, activity: st.activity}),
		tea.WithOutput(out),
		tea.WithoutSignalHandler(),
	)
	st.mu.Lock()
	st.program = p
	reason := st.reason
	st.mu.Unlock()
	if reason != "" { // stopped before the console existed
		return nil
	}
	go st.watchIdle(p)
	return p
}

// sessionRenderer draws for the session's terminal: the colour profile its
// TERM (and COLORTERM, if the client sends it) says, not the server's. It
// never asks the terminal for its background, which would read the user's
// first keys; dark is assumed, as most terminals are.
func sessionRenderer(out io.Writer, term string, clientEnv []string) *lipgloss.Renderer {
	env := sessionEnv{"TERM=" + term}
	for _, kv := range clientEnv {
		if strings.HasPrefix(kv, "COLORTERM=") {
			env = append(env, kv)
		}
	}
	r := lipgloss.NewRenderer(out, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	r.SetHasDarkBackground(true)
	return r
}

// sessionEnv is the session's environment, as termenv reads it.
type sessionEnv []string

func (e sessionEnv) Environ() []string { return e }

func (e sessionEnv) Getenv(k string) string {
	for _, kv := range e {
		if name, v, ok := strings.Cut(kv, "="); ok && name == k {
			return v
		}
	}
	return ""
}

// barText names who is signed in, as the session bar shows it.
func (st *session) barText() string {
	who := sanitize.Line(st.rec.User, 32)
	if st.rec.KeyComment != "" {
		who += " (" + sanitize.Line(st.rec.KeyComment, 32) + ")"
	}
	return "Signed in: " + who + " · role " + st.role.String() + " · key " + st.keyFP
}

// watchIdle ends the console after IdleTimeout with no input, showing a
// warning IdleWarning before; any input puts the end off again.
func (st *session) watchIdle(p *tea.Program) {
	cfg := &st.srv.cfg
	quiet := cfg.IdleTimeout - cfg.IdleWarning
	timer := time.NewTimer(quiet)
	defer timer.Stop()
	warned := false
	for {
		select {
		case <-st.ctx.Done():
			return
		case <-st.activity:
			if warned {
				warned = false
				p.Send(noticeMsg(""))
			}
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
			timer.Reset(quiet)
		case <-timer.C:
			if !warned {
				warned = true
				p.Send(noticeMsg(fmt.Sprintf("Idle: this session ends in %s unless you press a key", cfg.IdleWarning.Round(time.Second))))
				timer.Reset(cfg.IdleWarning)
				continue
			}
			st.stop("idle")
			return
		}
	}
}
