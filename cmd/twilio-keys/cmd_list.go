package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

const listUsage = `Usage: twilio-keys list [--json] [flags]

Lists the account's API keys, all pages, in Twilio's order.

Text output has aligned columns SID, FRIENDLY NAME and CREATED (RFC 3339, UTC);
control characters in names are shown as visible escapes (^[ for ESC, \u202e, …),
and a name longer than Twilio's 64 characters is cut, ending in "…".
With --json it is a JSON array of Twilio's key objects, names unaltered:
  [{"sid": "SK…", "friendly_name": "…", "date_created": "Mon, 02 Jan 2006 15:04:05 +0000",
    "date_updated": "…"}, …]
e.g.  twilio-keys list --json | jq -r '.[].sid'

Flags:
` + commonFlagsUsage

func runList(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("list", listUsage)
	if _, code, ok := f.parse(e, args, 0, "list takes no arguments"); !ok {
		return code
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()

	// Everything is fetched before anything is printed, so a failure part-way
	// leaves stdout empty instead of a list a script would take as complete.
	var keys []twilio.Key
	err := s.keys.ListKeys(ctx, twilio.MaxPageSize, func(page []twilio.Key) error {
		keys = append(keys, page...)
		return nil
	})
	if err != nil {
		return s.fail(ctx, e, err)
	}
	if *f.json {
		out := make([]keyJSON, len(keys))
		for i, k := range keys {
			out[i] = toKeyJSON(k)
		}
		err = writeJSON(e.stdout, out)
	} else {
		err = writeKeyTable(e.stdout, keys)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "twilio-keys list: writing the list: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// keyJSON is a key as Twilio's v2010 API writes it. A date Twilio left out
// is null.
type keyJSON struct {
	SID          string  `json:"sid"`
	FriendlyName string  `json:"friendly_name"`
	DateCreated  *string `json:"date_created"`
	DateUpdated  *string `json:"date_updated"`
}

func toKeyJSON(k twilio.Key) keyJSON {
	return keyJSON{SID: k.SID, FriendlyName: k.FriendlyName, DateCreated: rfc2822(k.DateCreated), DateUpdated: rfc2822(k.DateUpdated)}
}

// rfc2822 writes a date as Twilio does, "Mon, 02 Jan 2006 15:04:05 +0000".
func rfc2822(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC1123Z)
	return &s
}

// writeJSON writes v indented. Names are kept as they are, JSON-escaped;
// <, > and & are left alone, as jq and people expect.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeKeyTable writes the keys in aligned columns. Names are sanitized
// before they are measured, and measured in terminal cells, so wide
// characters and escapes keep the columns straight.
func writeKeyTable(w io.Writer, keys []twilio.Key) error {
	const header, sidWidth = "FRIENDLY NAME", 34
	names := make([]string, len(keys))
	width := len(header)
	for i, k := range keys {
		names[i] = shownName(k.FriendlyName)
		width = max(width, ansi.StringWidth(names[i]))
	}
	b := bufio.NewWriter(w)
	pad := func(n int) { b.WriteString(strings.Repeat(" ", max(n, 0)+2)) }
	row := func(sid, name, created string) {
		b.WriteString(sid)
		pad(sidWidth - ansi.StringWidth(sid))
		b.WriteString(name)
		pad(width - ansi.StringWidth(name))
		b.WriteString(created)
		b.WriteByte('\n')
	}
	row("SID", header, "CREATED")
	for i, k := range keys {
		created := "-"
		if !k.DateCreated.IsZero() {
			created = k.DateCreated.UTC().Format(time.RFC3339)
		}
		row(sanitize.Text(k.SID), names[i], created)
	}
	return b.Flush()
}
