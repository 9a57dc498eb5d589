package main

import (
	"context"
	"fmt"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

const renameUsage = `Usage: twilio-keys rename SID NAME [flags]

Sets the friendly name of the key SID (SK…) to NAME, up to 64 characters.
Prints nothing on stdout; a confirmation goes to stderr. Put -- before a NAME
that starts with a dash.

Flags:
` + commonFlagsUsage

func runRename(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("rename", renameUsage)
	pos, code, ok := f.parse(e, args, 2, "rename needs a key SID and the new name, e.g. twilio-keys rename SK… 'ci deploy'")
	if !ok {
		return code
	}
	sid, name := pos[0], pos[1]
	if !twilio.ValidKeySID(sid) {
		return f.usageError(e, "%q is not a key SID: SK followed by 32 hexadecimal digits", sid)
	}
	if err := twilio.ValidateFriendlyName(name); err != nil {
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
	fmt.Fprintf(e.stderr, "Renamed %s to %s.\n", sanitize.Text(k.SID), quoted(k.FriendlyName))
	return exitOK
}
