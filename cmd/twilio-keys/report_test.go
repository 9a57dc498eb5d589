package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// reportWorld is a sandbox for the report, started with opts (in memory),
// and the environment that points the commands at it.
func reportWorld(t *testing.T, opts sandbox.Options) *world {
	t.Helper()
	srv := sandboxtest.Start(t, opts)
	client := demoClient(t, srv)
	return &world{srv: srv, client: client, vars: map[string]string{
		"TWILIO_ACCOUNT_SID": srv.AccountSID(),
		"TWILIO_AUTH_TOKEN":  srv.AuthToken(),
		"TWILIO_CONFIG_DIR":  t.TempDir(),
	}}
}

func createKey(t *testing.T, c *twilio.Client, name string) twilio.Key {
	t.Helper()
	k, err := c.CreateKey(context.Background(), name, twilio.KeyTypeStandard)
	if err != nil {
		t.Fatal(err)
	}
	return k.Key
}

// reportRowJSON is a row of report --format json, decoded as a script would.
type reportRowJSON struct {
	AccountSID  string  `json:"account_sid"`
	AccountName string  `json:"account_name"`
	KeySID      string  `json:"key_sid"`
	KeyName     string  `json:"key_name"`
	Created     *string `json:"created"`
	AgeDays     *int    `json:"age_days"`
	Stale       bool    `json:"stale"`
}

// TestReportCSVQuotingAndFormulaPrefix: names that a spreadsheet would run as
// formulas come out with a ' in front; commas, quotes and line breaks are
// quoted as RFC 4180 says, so a CSV reader gets each name back whole; an
// escape sequence is shown as a visible escape.
func TestReportCSVQuotingAndFormulaPrefix(t *testing.T) {
	w := reportWorld(t, sandbox.Options{})
	names := map[string]string{ // name → the cell a CSV reader must get
		`=HYPERLINK("http://x.test","click")`: `'=HYPERLINK("http://x.test","click")`,
		"+1+cmd|' /C calc'!A0":                `'+1+cmd|' /C calc'!A0`,
		"-2+3":                                "'-2+3",
		"@SUM(A1:A9)":                         "'@SUM(A1:A9)",
		`a,b "quoted"`:                        `a,b "quoted"`,
		"plain-name":                          "plain-name",
		"\x1b[31mred":                         "^[[31mred",
		"x\t=1+1":                             "x^I=1+1",
	}
	sids := map[string]string{}
	for name, cell := range names {
		sids[createKey(t, w.client, name).SID] = cell
	}
	r := w.run(t, w.vars, "", "report", "--format", "csv", "--max-age", "0")
	r.want(t, exitOK)
	for _, raw := range []string{`"a,b ""quoted"""`, `"'=HYPERLINK(""http://x.test"",""click"")"`} {
		if !strings.Contains(r.stdout, raw) {
			t.Errorf("the CSV lacks the RFC 4180 cell %s:\n%s", raw, r.stdout)
		}
	}
	records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v\n%s", err, r.stdout)
	}
	if got := strings.Join(records[0], ","); got != "account_sid,account_name,key_sid,key_name,created,age_days,stale" {
		t.Fatalf("header %q", got)
	}
	found := 0
	for _, rec := range records[1:] {
		if len(rec) != 7 {
			t.Fatalf("row of %d cells: %q", len(rec), rec)
		}
		if want, ok := sids[rec[2]]; ok {
			found++
			if rec[3] != want {
				t.Errorf("key %s: name cell %q, want %q", rec[2], rec[3], want)
			}
			if rec[0] != w.srv.AccountSID() || rec[1] != "Sandbox Account" || rec[5] != "0" || rec[6] != "false" {
				t.Errorf("key %s: row %q", rec[2], rec)
			}
			if _, err := time.Parse(time.RFC3339, rec[4]); err != nil {
				t.Errorf("key %s: created %q is not RFC 3339", rec[2], rec[4])
			}
		}
	}
	if found != len(names) {
		t.Fatalf("found %d of the %d keys in the CSV", found, len(names))
	}
}

// TestCSVCell: what csvCell does to each kind of start, a tab and a carriage
// return included (which reach it escaped by sanitize, and are prefixed
// should they ever reach it raw).
func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x",
		"\t=1": "^I=1", "\r=1": "^M=1", "": "", "a=1": "a=1", "SK12": "SK12",
		"\u202e=1": `\u202e=1`,
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReportStaleAtExactlyMaxAge: a key exactly --max-age old is stale and
// the report exits 3; a second younger, it is not, and the report exits 0.
func TestReportStaleAtExactlyMaxAge(t *testing.T) {
	created := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	w := reportWorld(t, sandbox.Options{Now: func() time.Time { return created }})
	// The demo keys go, so that the one key decides the exit code.
	subs, err := w.client.ListSubaccounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range append(clientsFor(t, w.client, subs), w.client) {
		err := c.ListKeys(context.Background(), 0, func(page []twilio.Key) error {
			for _, k := range page {
				if err := c.DeleteKey(context.Background(), k.SID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	k := createKey(t, w.client, "the-one")
	t.Cleanup(func() { reportClock = time.Now })
	for _, tc := range []struct {
		now   time.Time
		stale bool
		code  int
	}{
		{created.Add(5 * 24 * time.Hour), true, exitStale},
		{created.Add(5*24*time.Hour - time.Second), false, exitOK},
		{created.Add(5*24*time.Hour + time.Second), true, exitStale},
	} {
		reportClock = func() time.Time { return tc.now }
		r := w.run(t, w.vars, "", "report", "--format", "json", "--max-age", "5d")
		var rows []reportRowJSON
		if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
			t.Fatalf("report --format json: %v\n%s", err, r.stdout)
		}
		days := int(tc.now.Sub(created) / (24 * time.Hour))
		if len(rows) != 1 || rows[0].KeySID != k.SID || rows[0].Stale != tc.stale || rows[0].AgeDays == nil || *rows[0].AgeDays != days {
			t.Errorf("at created + %v: %+v, want the one key, stale=%v, %d days", tc.now.Sub(created), rows, tc.stale, days)
		}
		r.want(t, tc.code)
	}
}

func clientsFor(t *testing.T, c *twilio.Client, accounts []twilio.Account) []*twilio.Client {
	t.Helper()
	var out []*twilio.Client
	for _, a := range accounts {
		ac, err := c.ForAccount(a.SID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ac)
	}
	return out
}

// TestReportExitCodes: 3 when some key is stale (the demo keys are months
// old), 0 when none is or the mark is off, 2 for a bad flag.
func TestReportExitCodes(t *testing.T) {
	w := reportWorld(t, sandbox.Options{})
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"report"}, exitStale},
		{[]string{"report", "--format", "csv"}, exitStale},
		{[]string{"report", "--max-age", "0"}, exitOK},
		{[]string{"report", "--max-age", "5000d", "--format", "json"}, exitOK},
		{[]string{"report", "--max-age", "ninety"}, exitUsage},
		{[]string{"report", "--max-age", "-1h"}, exitUsage},
		{[]string{"report", "--format", "xml"}, exitUsage},
		{[]string{"report", "extra"}, exitUsage},
	} {
		r := w.run(t, w.vars, "", tc.args...)
		if r.code != tc.code {
			t.Errorf("%v: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
	}
	help := runIn(t, nil, "", "report", "--help")
	help.want(t, exitOK)
	if !strings.Contains(help.stdout, "0 success, 1 failure, 2 usage, 3 stale keys (report), 4 credentials rejected") {
		t.Errorf("report --help does not list exit code 3 with the others:\n%s", help.stdout)
	}
}

// TestReportFailingAndClosedAccounts: a closed subaccount is skipped and said
// so; a subaccount whose keys cannot be listed is named with its error on
// stderr, the other accounts are still reported, and the exit code is 1.
func TestReportFailingAndClosedAccounts(t *testing.T) {
	var failing atomic.Value // the SID of the account whose keys cannot be listed
	failing.Store("")
	w := reportWorld(t, sandbox.Options{Wrap: refuseKeysOf(&failing)})
	sub := func(name string) (string, *twilio.Client) {
		sid := sandboxtest.PostAsDemo(t, w.srv, "/2010-04-01/Accounts.json", url.Values{"FriendlyName": {name}})["sid"].(string)
		c, err := w.client.ForAccount(sid)
		if err != nil {
			t.Fatal(err)
		}
		return sid, c
	}
	okSID, okClient := sub("team-ok")
	okKey := createKey(t, okClient, "in-team-ok")
	failSID, failClient := sub("team-failing")
	createKey(t, failClient, "in-team-failing")
	closedSID, closedClient := sub("team-closed")
	closedKey := createKey(t, closedClient, "in-team-closed")
	sandboxtest.PostAsDemo(t, w.srv, "/2010-04-01/Accounts/"+closedSID+".json", url.Values{"Status": {"closed"}})
	failing.Store(failSID)

	for _, format := range []string{"text", "csv", "json"} {
		r := w.run(t, w.vars, "", "report", "--format", format)
		r.want(t, exitFailure)
		if !strings.Contains(r.stdout, okKey.SID) || !strings.Contains(r.stdout, okSID) {
			t.Errorf("%s: the listable subaccount's key is missing:\n%s", format, r.stdout)
		}
		if strings.Contains(r.stdout, closedKey.SID) || strings.Contains(r.stdout, failSID) {
			t.Errorf("%s: a key of the closed or the failing account was reported:\n%s", format, r.stdout)
		}
		for _, want := range []string{
			"account " + closedSID + ` "team-closed" is closed; skipped`,
			"account " + failSID + ` "team-failing": its keys could not all be listed: list keys: HTTP 403, Twilio error 20403: Permission `,
			"1 accounts closed, 1 failed",
		} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", format, want, r.stderr)
			}
		}
	}
}

// TestReportJSONIsOneStreamedArray: the JSON report is one array a JSON
// reader takes whole, with a row per key, and "[]" when there are none.
func TestReportJSONIsOneStreamedArray(t *testing.T) {
	w := reportWorld(t, sandbox.Options{SeedSubaccounts: 3, SeedSubaccountKeys: 40})
	r := w.run(t, w.vars, "", "report", "--format", "json", "--max-age", "0")
	r.want(t, exitOK)
	var rows []reportRowJSON
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("not one JSON array: %v\n%s", err, r.stdout)
	}
	// The demo account's 7 keys, the demo subaccount's 2, and 3 × 40.
	if len(rows) != 7+2+3*40 {
		t.Fatalf("%d rows, want %d", len(rows), 7+2+3*40)
	}
	var b bytes.Buffer
	j := newJSONReport(&b)
	if err := j.end(); err != nil || b.String() != "[]\n" {
		t.Fatalf("an empty JSON report is %q (%v), want []", b.String(), err)
	}
}

// refuseKeysOf wraps the sandbox so that listing the keys of the account
// whose SID failing holds gets Twilio's 403, its message carrying an escape
// sequence, while everything else is served as usual.
func refuseKeysOf(failing *atomic.Value) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if sid := failing.Load().(string); sid != "" && r.URL.Path == "/2010-04-01/Accounts/"+sid+"/Keys.json" {
				rw.Header().Set("Content-Type", "application/json")
				rw.WriteHeader(http.StatusForbidden)
				fmt.Fprint(rw, `{"code": 20403, "message": "Permission \u001b[2Jdenied", "more_info": "https://www.twilio.com/docs/errors/20403", "status": 403}`)
				return
			}
			next.ServeHTTP(rw, r)
		})
	}
}
