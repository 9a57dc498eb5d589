package main

import (
	"context"
	"fmt"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

const renameUsage = `Usage: twilio-keys rename SID NAME [flags]

Sets the friendly name of the key SID (SK…) to NAME: required, up to 64
characters, spaces at its start and end dropped. Prints nothing on stdout
(with --json, the renamed key as Twilio returns it); a confirmation goes to
stderr. Put -- before a NAME that starts with a dash.

Flags:
` + commonFlagsUsage

func runRename(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("rename", renameUsage)
	pos, code, ok := f.parse(e, args, 2, "rename needs a key SID and the new name, e.g. twilio-keys rename SK… 'ci deploy'")
	if !ok {
		return code
	}
	sid := pos[0]
	if err := twilio.CheckKeySID(sid); err != nil {
		return f.usageError(e, "%v", err)
	}
	name, err := twilio.CleanFriendlyName(pos[1])
	if err != nil {
		return f.usageError(e, "%v", err)
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()

	k, err := s.keys.RenameKey(ctx, sid, name)
	if err != nil {
		return s.fail(ctx, e, err)
	}
	if *f.json {
		if err := writeJSON(e.stdout, toKeyJSON(k)); err != nil {
			return s.fail(ctx, e, fmt.Errorf("renamed %s, but could not print it: %w", sid, err))
		}
	}
	fmt.Fprintf(e.stderr, "Renamed %s to %s.\n", sanitize.Text(k.SID), quoted(k.FriendlyName))
	return exitOK
}
