package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/ui/sanitize"
)

// exitStale is report's answer when some key is due for rotation, so that
// CI can gate on it.
const exitStale = 3

// reportClock is the report's "now", which ages are measured from; tests
// set it to put a key exactly at --max-age.
var reportClock = time.Now

const reportUsage = `Usage: twilio-keys report [--format text|csv|json] [--max-age AGE] [flags]

Every API key in every account the credentials manage (their own account and
each subaccount), for audits: which keys exist, where, and how old they are.
Accounts are listed 4 at a time and come out in the order Twilio lists them,
each account's keys newest first. Output streams as pages arrive.

Columns: account SID and name, key SID and name, created (RFC 3339, UTC), age
in whole days, and stale: the key is at least --max-age old, so due for
rotation. Twilio does not report when a key was last used; age is all there is.

  text  aligned columns; names cut to fit and control characters shown as
        visible escapes (^[ for ESC, \u202e, …)
  csv   a header row, then a row per key (RFC 4180 quoting); names escaped as
        in text, and a cell starting with = + - @, a tab or a carriage return
        gets a ' in front, so that a spreadsheet does not run it as a formula
  json  an array of objects, names unaltered:
          [{"account_sid": "AC…", "account_name": "…", "key_sid": "SK…",
            "key_name": "…", "created": "2026-01-02T15:04:05Z", "age_days": 120,
            "stale": true}, …]

A closed account is skipped and said so on stderr. An account whose keys
cannot be listed is named on stderr with the error; the others are still
reported, and the exit code is 1. A summary goes to stderr at the end.

Flags:
  --format FORMAT  text (default), csv or json
  --max-age AGE    keys at least this old are stale: 90d (default), 36h, …;
                   0 turns the mark off
` + commonFlagsUsage + `report exits 3 when some key is stale and every account was listed.
`

func init() {
	scriptCommands["report"] = runReport
	scriptUsages["report"] = reportUsage
}

func runReport(ctx context.Context, args []string, e env) int {
	f := newScriptFlags("report", reportUsage)
	format := f.set.String("format", "text", "")
	maxAgeText := f.set.String("max-age", "90d", "")
	if _, code, ok := f.parse(e, args, 0, "report takes no arguments"); !ok {
		return code
	}
	maxAge, err := parseMaxAge(*maxAgeText)
	if err != nil {
		return f.usageError(e, "--max-age: %v", err)
	}
	if *f.json { // the flag every scripting command takes
		if *format != "text" && *format != "json" {
			return f.usageError(e, "--json and --format %s contradict each other", *format)
		}
		*format = "json"
	}
	var w reportWriter
	switch *format {
	case "text":
		w = newTextReport(e.stdout)
	case "csv":
		w = newCSVReport(e.stdout)
	case "json":
		w = newJSONReport(e.stdout)
	default:
		return f.usageError(e, "--format must be text, csv or json")
	}
	s, code := f.connect(ctx, e)
	if s == nil {
		return code
	}
	defer s.stop()

	now := reportClock()
	var keys, stale, accounts, failed, skipped int
	note := func(format string, args ...any) {
		fmt.Fprintf(e.stderr, "twilio-keys report: "+format+"\n", args...)
	}
	err = s.client.Inventory(ctx, twilio.InventoryOptions{Ordered: true}, func(p twilio.InventoryPage) error {
		for _, k := range p.Keys {
			r := reportRow{account: p.Account, key: k, stale: k.DueForRotation(now, maxAge)}
			if !k.DateCreated.IsZero() {
				r.ageDays = int(k.Age(now) / (24 * time.Hour))
			}
			keys++
			if r.stale {
				stale++
			}
			if err := w.row(r); err != nil {
				return &writeError{err}
			}
		}
		switch {
		case !p.Done:
		case p.Skipped:
			skipped++
			note("account %s %s is closed; skipped", p.Account.SID, quoted(p.Account.FriendlyName))
		case p.Err != nil:
			failed++
			note("account %s %s: its keys could not all be listed: %s", p.Account.SID, quoted(p.Account.FriendlyName), sanitize.Text(p.Err.Error()))
		default:
			accounts++
		}
		return nil
	})
	if err == nil {
		err = w.end()
		if err != nil {
			err = &writeError{err}
		}
	}
	if we, ok := errors.AsType[*writeError](err); ok {
		note("writing the report: %v", we.err)
		return exitFailure
	}
	if err != nil {
		// Nothing more is written: a script must not take half a report
		// for a whole one, and the exit code says so.
		return s.fail(ctx, e, err)
	}
	note("%d keys in %d accounts; %d stale (%s); %d accounts closed, %d failed",
		keys, accounts+failed, stale, maxAgeWords(maxAge), skipped, failed)
	switch {
	case failed > 0:
		return exitFailure
	case stale > 0:
		return exitStale
	}
	return exitOK
}

// writeError is a failure to write the report, told apart from Twilio's.
type writeError struct{ err error }

func (w *writeError) Error() string { return w.err.Error() }

// parseMaxAge reads a --max-age: whole days ("90d"), any Go duration
// ("36h", "1h30m"), or 0 for no limit.
func parseMaxAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "0" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, fmt.Errorf("%q is not a number of days such as 90d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not an age such as 90d or 36h (0 turns it off)", s)
	}
	return d, nil
}

// maxAgeWords says what the stale mark means, for the summary.
func maxAgeWords(maxAge time.Duration) string {
	switch {
	case maxAge <= 0:
		return "no --max-age"
	case maxAge%(24*time.Hour) == 0:
		return fmt.Sprintf("at least %d days old", maxAge/(24*time.Hour))
	}
	return "at least " + maxAge.String() + " old"
}

// reportRow is one key of the report.
type reportRow struct {
	account twilio.Account
	key     twilio.Key
	ageDays int
	stale   bool
}

// created is the key's creation time in RFC 3339, UTC, or "" when Twilio
// gave none.
func (r reportRow) created() string {
	if r.key.DateCreated.IsZero() {
		return ""
	}
	return r.key.DateCreated.UTC().Format(time.RFC3339)
}

// A reportWriter writes rows as they come, holding none of them: the
// report's memory does not grow with the number of keys.
type reportWriter interface {
	row(reportRow) error
	end() error
}

// Column widths of the text report. Widths cannot be measured over all rows
// without holding them, so names are cut to these.
const (
	sidColumn         = 34
	accountNameColumn = 24
	keyNameColumn     = 32
	createdColumn     = 20
	daysColumn        = 5
)

type textReport struct {
	b      *bufio.Writer
	header bool
}

func newTextReport(w io.Writer) *textReport { return &textReport{b: bufio.NewWriter(w)} }

func (t *textReport) line(accountSID, accountName, keySID, keyName, created, days, stale string) error {
	cell := func(s string, width int) {
		t.b.WriteString(s)
		t.b.WriteString(strings.Repeat(" ", max(width-sanitize.Width(s), 0)+2))
	}
	cell(accountSID, sidColumn)
	cell(accountName, accountNameColumn)
	cell(keySID, sidColumn)
	cell(keyName, keyNameColumn)
	cell(created, createdColumn)
	t.b.WriteString(strings.Repeat(" ", max(daysColumn-len(days), 0)))
	t.b.WriteString(days)
	if stale != "" {
		t.b.WriteString("  ")
		t.b.WriteString(stale)
	}
	_, err := t.b.WriteString("\n")
	return err
}

func (t *textReport) writeHeader() error {
	if t.header {
		return nil
	}
	t.header = true
	return t.line("ACCOUNT SID", "ACCOUNT", "KEY SID", "NAME", "CREATED", "DAYS", "STALE")
}

func (t *textReport) row(r reportRow) error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	created, days, stale := r.created(), strconv.Itoa(r.ageDays), ""
	if created == "" {
		created, days = "-", "-"
	}
	if r.stale {
		stale = "stale"
	}
	return t.line(sanitize.Line(r.account.SID, sidColumn), sanitize.Line(r.account.FriendlyName, accountNameColumn),
		sanitize.Line(r.key.SID, sidColumn), sanitize.Line(r.key.FriendlyName, keyNameColumn), created, days, stale)
}

func (t *textReport) end() error {
	if err := t.writeHeader(); err != nil {
		return err
	}
	return t.b.Flush()
}

type csvReport struct {
	w      *csv.Writer
	header bool
}

func newCSVReport(w io.Writer) *csvReport { return &csvReport{w: csv.NewWriter(w)} }

var csvHeader = []string{"account_sid", "account_name", "key_sid", "key_name", "created", "age_days", "stale"}

func (c *csvReport) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.w.Write(csvHeader)
}

func (c *csvReport) row(r reportRow) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	days := ""
	if !r.key.DateCreated.IsZero() {
		days = strconv.Itoa(r.ageDays)
	}
	// csv.Writer buffers and keeps the first error, which Flush reports.
	return c.w.Write([]string{
		csvCell(r.account.SID), csvCell(r.account.FriendlyName), csvCell(r.key.SID), csvCell(r.key.FriendlyName),
		r.created(), days, strconv.FormatBool(r.stale),
	})
}

func (c *csvReport) end() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	c.w.Flush()
	return c.w.Error()
}

// csvCell makes a server-provided string safe for a CSV file: escaped as
// the terminal sees it, and, when it starts with a character a spreadsheet
// reads as the start of a formula (= + - @, or tab and carriage return,
// which some strip first), prefixed with a single quote, as OWASP's CSV
// injection advice says. encoding/csv does the RFC 4180 quoting.
func csvCell(s string) string {
	s = sanitize.Text(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

type jsonReport struct {
	b     *bufio.Writer
	buf   bytes.Buffer // one object, reused
	enc   *json.Encoder
	count int
}

func newJSONReport(w io.Writer) *jsonReport {
	j := &jsonReport{b: bufio.NewWriter(w)}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false) // <, > and & stay as they are, as jq and people expect
	return j
}

// reportJSON is a row of the JSON report. created and age_days are null
// when Twilio gave no creation date.
type reportJSON struct {
	AccountSID  string  `json:"account_sid"`
	AccountName string  `json:"account_name"`
	KeySID      string  `json:"key_sid"`
	KeyName     string  `json:"key_name"`
	Created     *string `json:"created"`
	AgeDays     *int    `json:"age_days"`
	Stale       bool    `json:"stale"`
}

func (j *jsonReport) row(r reportRow) error {
	v := reportJSON{AccountSID: r.account.SID, AccountName: r.account.FriendlyName, KeySID: r.key.SID, KeyName: r.key.FriendlyName, Stale: r.stale}
	if created := r.created(); created != "" {
		v.Created, v.AgeDays = &created, &r.ageDays
	}
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	if j.count == 0 {
		j.b.WriteString("[\n  ")
	} else {
		j.b.WriteString(",\n  ")
	}
	j.count++
	// Encode ends the object with a newline, which the separator replaces.
	_, err := j.b.Write(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
	return err
}

func (j *jsonReport) end() error {
	if j.count == 0 {
		j.b.WriteString("[]\n")
	} else {
		j.b.WriteString("\n]\n")
	}
	return j.b.Flush()
}
