// Command twilio-keys is a terminal console for Twilio API keys: list, create,
// rename and delete keys, and see a new key's secret exactly once. With no
// credentials it runs against an embedded Twilio-compatible sandbox.
//
// This package only wires the parts together: it decides where credentials
// come from, builds the client, and starts the console or a subcommand.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes, documented in --help and the README.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitRejected = 4 // Twilio refused the credentials
)

// env is everything a command reads from or writes to the outside world, so
// tests can run commands in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// service is set for a command sent over SSH to 'twilio-keys serve':
	// the server's client, as the session's role allows it. The command
	// uses it instead of resolving credentials.
	service keyService
}

func main() {
	// SIGHUP (a closed terminal window, a dropped SSH session) and SIGQUIT
	// end a session as SIGTERM does: cancelling ctx ends the console, which
	// restores the terminal and clears a secret it copied to the clipboard.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, e env) int {
	args = commandFirst(args)
	if len(args) > 0 {
		switch args[0] {
		case "sandbox":
			return runSandbox(ctx, args[1:], e)
		case "serve":
			return runServe(ctx, args[1:], e)
		case "list", "create", "rename", "delete", "check", "report":
			return scriptCommands[args[0]](ctx, args[1:], e)
		case "token":
			return runToken(ctx, args[1:], e)
		case "help":
			if len(args) > 1 && scriptUsages[args[1]] != "" {
				fmt.Fprint(e.stdout, scriptUsages[args[1]])
				return exitOK
			}
			fmt.Fprint(e.stdout, consoleUsage)
			return exitOK
		}
	}
	return runConsole(ctx, args, e)
}

// newFlagSet is a flag set that prints nothing itself: parseFlags does, so
// that --help goes to stdout and a mistake to stderr.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args. When it returns ok=false the command is over with
// the given exit code: --help printed usage on stdout (0), or a mistake was
// reported on stderr (2).
func parseFlags(fs *flag.FlagSet, args []string, usage string, e env) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, usage)
		return exitOK, false
	default:
		fmt.Fprintf(e.stderr, "%s: %v\nRun '%s --help' for usage.\n", fs.Name(), err, fs.Name())
		return exitUsage, false
	}
}
