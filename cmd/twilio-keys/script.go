package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// The scripting commands print data on stdout (text or JSON, never coloured)
// and messages on stderr, and exit 0 on success, 1 on failure, 2 on a usage
// error and 4 when Twilio rejects the credentials.
var scriptCommands = map[string]func(ctx context.Context, args []string, e env) int{
	"list":   runList,
	"create": runCreate,
	"rename": runRename,
	"delete": runDelete,
	"check":  runCheck,
}

// scriptUsages are the commands' help texts, for "twilio-keys help NAME".
var scriptUsages = map[string]string{
	"list":   listUsage,
	"create": createUsage,
	"rename": renameUsage,
	"delete": deleteUsage,
	"check":  checkUsage,
}

// commonFlagsUsage documents the flags every scripting command takes.
const commonFlagsUsage = `  --json           print the result as JSON on stdout, and a failure as one
                   JSON object on stderr: {"error": {"message": …, "status": …,
                   "code": …, "more_info": …, "request_id": …}}
  --profile NAME   use this twilio-cli profile (from $TWILIO_CONFIG_DIR/config.json,
                   default ~/.twilio-cli/config.json)
  --base-url URL   talk to this server instead of Twilio, e.g. a sandbox started
                   with 'twilio-keys sandbox'; http:// only to loopback
  -h, --help       show this help

--json, --profile and --base-url may also come before the command:
  twilio-keys --base-url http://127.0.0.1:4010 list

Credentials: --profile, else TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or
TWILIO_API_KEY and TWILIO_API_SECRET), else twilio-cli's active profile, else
the embedded sandbox. Managing keys needs the Auth Token or a Main key.

Exit codes: 0 success, 1 failure, 2 usage, 3 stale keys (report), 4 credentials rejected.
`

// scriptFlags are the flags every scripting command shares.
type scriptFlags struct {
	name    string
	usage   string
	set     *flag.FlagSet
	profile *string
	baseURL *string
	json    *bool
}

func newScriptFlags(name, usage string) *scriptFlags {
	set := flag.NewFlagSet("twilio-keys "+name, flag.ContinueOnError)
	set.SetOutput(io.Discard) // parse reports errors itself, with a hint
	set.Usage = func() {}
	return &scriptFlags{
		name: name, usage: usage, set: set,
		profile: set.String("profile", "", ""),
		baseURL: set.String("base-url", "", ""),
		json:    set.Bool("json", false, ""),
	}
}

// sharedValueFlags and sharedBoolFlags are the scripting commands' shared
// flags, which commandFirst lets come before the command.
var (
	sharedValueFlags = map[string]bool{"profile": true, "base-url": true}
	sharedBoolFlags  = map[string]bool{"json": true}
)

// commandFirst moves a command that follows shared flags to the front, so
// that "--base-url U list" runs as "list --base-url U". Anything else (no
// command, or another flag first) is left for the console to judge.
func commandFirst(args []string) []string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || a == "-" {
			return args
		}
		if !strings.HasPrefix(a, "-") {
			if i == 0 {
				return args
			}
			return slices.Concat([]string{a}, args[:i], args[i+1:])
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case sharedValueFlags[name] && !hasValue:
			i++ // its value
		case sharedValueFlags[name], sharedBoolFlags[name]:
		default:
			return args
		}
	}
	return args
}

// parse parses args, flags and positional arguments in any order ("--"
// ends the flags), and checks the number of positional arguments. When it
// returns ok=false the command is over, with the given exit code: help was
// printed, or a usage error was.
func (f *scriptFlags) parse(e env, args []string, want int, what string) (pos []string, code int, ok bool) {
	for {
		err := f.set.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(e.stdout, f.usage)
			return nil, exitOK, false
		}
		if err != nil {
			return nil, f.usageError(e, "%v", err), false
		}
		rest := f.set.Args()
		if len(rest) == 0 {
			break
		}
		if consumed := args[:len(args)-len(rest)]; len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
	if len(pos) != want {
		return nil, f.usageError(e, "%s", what), false
	}
	return pos, exitOK, true
}

// usageError reports a mistake on the command line and returns exitUsage.
func (f *scriptFlags) usageError(e env, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	if *f.json {
		writeJSONError(e, jsonError{Message: fmt.Sprintf("%s; run 'twilio-keys %s --help' for usage", msg, f.name)})
		return exitUsage
	}
	fmt.Fprintf(e.stderr, "twilio-keys %s: %s\nRun 'twilio-keys %s --help' for usage.\n", f.name, sanitize.Text(msg), f.name)
	return exitUsage
}

// report prints a failure on stderr: a line of text, or with --json one
// JSON object carrying what Twilio said, its request id included.
func (f *scriptFlags) report(e env, err error) {
	msg := err.Error()
	if errors.Is(err, twilio.ErrMainKeyConsoleOnly) {
		msg = twilio.MainKeyConsoleOnlyMessage
	}
	if !*f.json {
		fmt.Fprintf(e.stderr, "twilio-keys %s: %s\n", f.name, sanitize.Text(msg))
		return
	}
	je := jsonError{Message: msg, OutcomeUnknown: errors.Is(err, twilio.ErrOutcomeUnknown)}
	if te, ok := errors.AsType[*twilio.Error](err); ok {
		je.Status, je.Code, je.MoreInfo, je.RequestID = te.Status, te.Code, te.MoreInfo, te.RequestID
	}
	writeJSONError(e, je)
}

// jsonError is a failure as --json prints it on stderr. Status, code and
// more_info are Twilio's when Twilio answered; request_id is the answer's
// Twilio-Request-Id, what Twilio support asks for.
type jsonError struct {
	Message        string `json:"message"`
	Status         int    `json:"status,omitempty"`
	Code           int    `json:"code,omitempty"`
	MoreInfo       string `json:"more_info,omitempty"`
	RequestID      string `json:"request_id,omitempty"`
	OutcomeUnknown bool   `json:"outcome_unknown,omitempty"`
}

func writeJSONError(e env, je jsonError) {
	b, _ := json.Marshal(struct {
		Error jsonError `json:"error"`
	}{je})
	fmt.Fprintf(e.stderr, "%s\n", b)
}

// keyService is what the scripting commands ask of Twilio: the client, or
// over SSH the server's client as the session's role allows it.
type keyService interface {
	ListKeys(ctx context.Context, pageSize int, onPage func([]twilio.Key) error) error
	CreateKey(ctx context.Context, name string, t twilio.KeyType) (twilio.NewKey, error)
	RenameKey(ctx context.Context, sid, name string) (twilio.Key, error)
	DeleteKey(ctx context.Context, sid string) error
	CheckKey(ctx context.Context, keySID, secret string) error
}

// sshCommands are the scripting commands a session of 'twilio-keys serve'
// may run; they use only session.keys.
var sshCommands = map[string]bool{"list": true, "create": true, "rename": true, "delete": true, "check": true}

// session is a client ready to use, with where its credentials came from.
type session struct {
	flags  *scriptFlags
	name   string         // the command, for messages
	client *twilio.Client // nil over SSH
	keys   keyService     // the client, or over SSH the session's service
	creds  resolved
	stop   func()
}

// connect resolves credentials as the console does and builds the client,
// starting the embedded sandbox on its usual state file when no credentials
// are set. On failure it has printed why and returns the exit code.
func (f *scriptFlags) connect(ctx context.Context, e env) (*session, int) {
	if e.service != nil {
		// Over SSH the server's credentials are used, and a user must not
		// send them elsewhere.
		if *f.profile != "" || *f.baseURL != "" {
			return nil, f.usageError(e, "--profile and --base-url cannot be used over SSH: commands act with the server's credentials")
		}
		if !sshCommands[f.name] {
			return nil, f.usageError(e, "not available over SSH")
		}
		return &session{flags: f, name: f.name, keys: e.service, stop: func() {}}, exitOK
	}
	w, code, err := wire(ctx, e.getenv, *f.profile, *f.baseURL)
	if err != nil {
		f.report(e, err)
		return nil, code
	}
	if sb := w.embedded; sb != nil {
		how := "its state is in"
		if sb.shared {
			how = "shared with the twilio-keys process already running on"
		}
		fmt.Fprintf(e.stderr, "twilio-keys: using the sandbox (no credentials set); %s %s\n", how, sanitize.Text(sb.statePath))
	}
	return &session{flags: f, name: f.name, client: w.client, keys: w.client, creds: w.creds, stop: w.stop}, exitOK
}

// fail reports err and returns the exit code it calls for: 4 when Twilio
// refused the credentials (with what to do about it), 2 for a value refused
// before anything was sent, 1 otherwise.
func (s *session) fail(ctx context.Context, e env, err error) int {
	s.flags.report(e, err)
	var invalid *twilio.ValidationError
	switch {
	case twilio.IsAuthError(err):
		if advice := rejectionAdvice(ctx, s.keys, s.creds); advice != "" && !*s.flags.json {
			fmt.Fprintf(e.stderr, "twilio-keys %s: %s\n", s.name, sanitize.Text(advice))
		}
		return exitRejected
	case errors.As(err, &invalid):
		return exitUsage
	}
	return exitFailure
}

// quoted is a server-provided name made safe for a message.
func quoted(name string) string {
	return `"` + strings.ReplaceAll(shownName(name), `"`, `\"`) + `"`
}

// shownName is a server-provided name for text output: sanitized, and cut
// after MaxFriendlyNameLength characters with "…" when longer, which only a
// server that is not Twilio can send. --json output is not cut.
func shownName(name string) string {
	cut := false
	if utf8.RuneCountInString(name) > twilio.MaxFriendlyNameLength {
		name = string([]rune(name)[:twilio.MaxFriendlyNameLength])
		cut = true
	}
	name = sanitize.Text(name)
	if cut {
		name += "…"
	}
	return name
}
