package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/charmbracelet/x/term"

	"github.com/twilio-keys/twilio-keys/ui"
	"github.com/twilio-keys/twilio-keys/ui/clipboard"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

const consoleUsage = `Usage: twilio-keys [flags]
       twilio-keys sandbox [flags]     run the Twilio-compatible sandbox alone
       twilio-keys serve [flags]       serve the console over SSH to a team
       twilio-keys list|create|rename|delete|check|token|report ...
                                       for scripts; see 'twilio-keys help list' etc.

A terminal console for Twilio API keys: list, create (Standard or Main), see a
new key's secret exactly once and copy it, rename and delete.

Credentials come from --profile, else the environment below, else
twilio-cli's active profile ($TWILIO_CONFIG_DIR/config.json, default
~/.twilio-cli/config.json, read only). With none it opens on an embedded
sandbox, a stateful Twilio-compatible server kept in
$XDG_STATE_HOME/twilio-keys/sandbox.db.

Environment:
  TWILIO_ACCOUNT_SID   Account SID (AC…)
  TWILIO_AUTH_TOKEN    its Auth Token
  TWILIO_API_KEY       or an API key SID (SK…); it must be a Main key, since
  TWILIO_API_SECRET    Standard keys cannot manage keys; needs TWILIO_ACCOUNT_SID
  TWILIO_REGION        region, e.g. ie1 (default us1)
  TWILIO_EDGE          edge, e.g. dublin (default: the region's edge)
  TWILIO_CONFIG_DIR    twilio-cli's config directory (default ~/.twilio-cli)

Flags:
  --base-url URL         talk to this server instead of Twilio (e.g. a sandbox
                         started with 'twilio-keys sandbox'); http:// only to loopback
  --profile NAME         use this twilio-cli profile; it must hold a Main key
                         (twilio-cli creates Standard keys, which cannot manage keys)
  --clipboard MODE       auto, native, osc52 or off (default auto: native, or
                         OSC 52 in SSH sessions and when native fails)
  --clipboard-clear DUR  clear a copied secret from the clipboard after DUR if
                         it is still there (default 30s; 0 disables)
  --max-age AGE          mark keys at least this old as due for rotation
                         (default 90d; 36h works too; 0 turns the mark off)
  --version              print version and commit
  -h, --help             show this help

Exit codes: 0 success, 1 failure, 2 usage, 3 stale keys (report), 4 credentials rejected.
`

func runConsole(ctx context.Context, args []string, e env) int {
	fs := newFlagSet("twilio-keys")
	baseURL := fs.String("base-url", "", "")
	profile := fs.String("profile", "", "")
	clipMode := fs.String("clipboard", string(clipboard.ModeAuto), "")
	clearAfter := fs.Duration("clipboard-clear", clipboard.DefaultClearAfter, "")
	maxAgeText := fs.String("max-age", "90d", "")
	showVersion := fs.Bool("version", false, "")
	if code, ok := parseFlags(fs, args, consoleUsage, e); !ok {
		return code
	}
	if *showVersion {
		fmt.Fprintln(e.stdout, versionString())
		return exitOK
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "twilio-keys: unknown command %q\n\n%s", fs.Arg(0), consoleUsage)
		return exitUsage
	}
	mode, err := clipboard.ParseMode(*clipMode)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys: --clipboard: %v\n", err)
		return exitUsage
	}
	if *clearAfter < 0 {
		fmt.Fprintln(e.stderr, "twilio-keys: --clipboard-clear must be 0 (never) or a positive duration such as 30s")
		return exitUsage
	}
	maxAge, err := parseMaxAge(*maxAgeText)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys: --max-age: %v\n", err)
		return exitUsage
	}
	if !isTerminal(os.Stdin) || !isTerminal(os.Stdout) {
		fmt.Fprintln(e.stderr, "twilio-keys: the console needs a terminal on stdin and stdout; run it from an interactive shell")
		return exitFailure
	}

	w, code, err := wire(ctx, e.getenv, *profile, *baseURL)
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys: %s\n", sanitize.Text(err.Error()))
		return code
	}
	defer w.stop()
	client, r := w.client, w.creds
	// The first requests (the account and the keys, sent at once) find the
	// connection open, TCP and TLS done, while the terminal is still being
	// set up.
	client.Preconnect(ctx)
	var cb clipboard.Clipboard // nil with --clipboard off: the console then offers no copy key it cannot honour
	if mode != clipboard.ModeOff {
		cb = clipboard.New(mode, clipboard.SystemEnv())
	}

	err = ui.Run(ctx, ui.Config{
		Service:    client,
		Clipboard:  cb,
		ClearAfter: *clearAfter,
		MaxAge:     maxAge,
		Source:     r.source,
		ForAccount: ui.ForAccountOf(client),
		AuthTokens: ui.AuthTokensOf(client),
	})
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, ui.ErrCredentialsRejected):
		if advice := rejectionAdvice(ctx, client, r); advice != "" {
			fmt.Fprintf(e.stderr, "twilio-keys: %s\n", sanitize.Text(advice))
		}
		return exitRejected
	default:
		fmt.Fprintf(e.stderr, "twilio-keys: %v\n", err)
		return exitFailure
	}
}

func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }
