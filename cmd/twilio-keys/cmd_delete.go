package main

import (
	"context"
	"fmt"

	"github.com/twilio-keys/twilio-keys/twilio"
)

const deleteUsage = `Usage: twilio-keys delete SID --yes [flags]

Deletes the key SID (SK…). Every application using it stops working at once,
and a deleted key cannot be restored, so --yes is required; without it nothing
is deleted and the exit code is 2. A key that does not exist is a failure
(exit 1). With --json, stdout gets {"sid": "SK…", "deleted": true}.

Flags:
  --yes            confirm the deletion
` + commonFlagsUsage

func runDelete(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("delete", deleteUsage)
	yes := f.set.Bool("yes", false, "")
	pos, code, ok := f.parse(e, args, 1, "delete needs the SID of one key, e.g. twilio-keys delete SK… --yes")
	if !ok {
		return code
	}
	sid := pos[0]
	if err := twilio.CheckKeySID(sid); err != nil {
		return f.usageError(e, "%v", err)
	}
	if !*yes {
		return f.usageError(e, "not deleting %s without --yes: applications using it stop working at once, and it cannot be restored", sid)
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()

	if err := s.keys.DeleteKey(ctx, sid); err != nil {
		return s.fail(ctx, e, err)
	}
	if *f.json {
		writeJSON(e.stdout, struct {
			SID     string `json:"sid"`
			Deleted bool   `json:"deleted"`
		}{sid, true})
	}
	fmt.Fprintf(e.stderr, "Deleted %s.\n", sid)
	return exitOK
}
