package sandbox_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/twilio-keys/twilio-keys/twilio/sandbox"
	"github.com/twilio-keys/twilio-keys/twilio/sandbox/sandboxtest"
)

// specDir holds the OpenAPI subsets of Twilio's API. CI keeps shared/
// beside the clone, at the same relative place.
const specDir = "../../../shared/openapi"

// openAPI is the two spec files, decoded.
type openAPI []map[string]any

func loadOpenAPI(t *testing.T) openAPI {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(specDir, "*.json"))
	if len(files) == 0 {
		t.Logf("no OpenAPI files in %s; skipping the schema checks", specDir)
		t.Skip("OpenAPI subsets not present")
	}
	var specs openAPI
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		specs = append(specs, doc)
	}
	return specs
}

// operation finds the response schema for method and path template at
// status. ok is false when the spec has no such response; schema is nil
// for a response without a body.
func (o openAPI) operation(method, path string, status int) (doc, schema map[string]any, ok bool) {
	for _, doc := range o {
		op := dig(doc, "paths", path, strings.ToLower(method))
		if op == nil {
			continue
		}
		resp := dig(op, "responses", fmt.Sprint(status))
		if resp == nil {
			return doc, nil, false
		}
		return doc, dig(resp, "content", "application/json", "schema"), true
	}
	return nil, nil, false
}

func dig(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, _ := m[k].(map[string]any)
		if next == nil {
			return nil
		}
		m = next
	}
	return m
}

var rfc2822Layout = time.RFC1123Z

// check validates v against schema and returns every problem found. It is
// stricter than OpenAPI: every declared property must be present (the
// sandbox always sends them all), and no undeclared one may appear.
func check(doc, schema map[string]any, v any, at string) []string {
	if ref, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		return check(doc, dig(doc, "components", "schemas", name), v, at)
	}
	if v == nil {
		if nullable, _ := schema["nullable"].(bool); nullable {
			return nil
		}
		return []string{at + ": null, but not nullable"}
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, at+": "+fmt.Sprintf(format, args...)) }
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			bad("want an object, got %T", v)
			break
		}
		props := dig(schema, "properties")
		if props == nil {
			break
		}
		for name, ps := range props {
			pv, present := obj[name]
			if !present {
				bad("missing field %q", name)
				continue
			}
			problems = append(problems, check(doc, ps.(map[string]any), pv, at+"."+name)...)
		}
		for name := range obj {
			if _, declared := props[name]; !declared {
				bad("undeclared field %q", name)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			bad("want an array, got %T", v)
			break
		}
		items := dig(schema, "items")
		for i, item := range arr {
			problems = append(problems, check(doc, items, item, fmt.Sprintf("%s[%d]", at, i))...)
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) {
			bad("want an integer, got %v", v)
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			bad("want a string, got %T", v)
			break
		}
		if p, ok := schema["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(s) {
			bad("%q does not match %s", s, p)
		}
		if n, ok := schema["minLength"].(float64); ok && len(s) < int(n) {
			bad("%q shorter than %v", s, n)
		}
		if n, ok := schema["maxLength"].(float64); ok && len(s) > int(n) {
			bad("%q longer than %v", s, n)
		}
		if enum, ok := schema["enum"].([]any); ok && !contains(enum, s) {
			bad("%q not one of %v", s, enum)
		}
		switch schema["format"] {
		case "date-time-rfc-2822":
			if d, err := time.Parse(rfc2822Layout, s); err != nil || d.UTC().Format(rfc2822Layout) != s {
				bad("%q is not an RFC 2822 date in UTC", s)
			}
		case "date-time":
			// accounts.twilio.com's dates: ISO 8601 in UTC, "2015-07-31T04:00:00Z".
			if d, err := time.Parse(time.RFC3339, s); err != nil || d.UTC().Format(time.RFC3339) != s {
				bad("%q is not an ISO 8601 date in UTC", s)
			}
		case "uri":
			if u, err := url.Parse(s); err != nil || !strings.HasPrefix(u.Path, "/") {
				bad("%q is not a URI", s)
			}
		}
	}
	return problems
}

func contains(list []any, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var requestIDPattern = regexp.MustCompile(`^RQ[0-9a-f]{32}$`)

// TestResponsesMatchOpenAPI drives every operation in the spec subsets and
// checks status, headers and body against the spec.
func TestResponsesMatchOpenAPI(t *testing.T) {
	spec := loadOpenAPI(t)
	srv := sandboxtest.Start(t, sandbox.Options{SeedKeys: 3})
	admin := demoCreds(srv)
	acct := srv.AccountSID()
	sub := subaccountOf(t, srv)

	// Each step names the spec's path template; later steps use SIDs that
	// earlier ones created.
	var keySID, signingSID, iamSID, iamStandardSID string
	steps := []struct {
		method, template string
		path             func() string
		vals             url.Values
		status           int
		keep             func(map[string]any)
	}{
		{"POST", "/2010-04-01/Accounts.json", func() string { return "/2010-04-01/Accounts.json" }, url.Values{"FriendlyName": {"schema sub"}}, 201, nil},
		{"GET", "/2010-04-01/Accounts.json", func() string { return "/2010-04-01/Accounts.json" }, url.Values{"PageSize": {"2"}}, 200, nil},
		{"GET", "/2010-04-01/Accounts.json", func() string { return "/2010-04-01/Accounts.json" }, url.Values{"Status": {"active"}, "FriendlyName": {"Sandbox Account"}}, 200, nil},
		{"GET", "/2010-04-01/Accounts/{Sid}.json", func() string { return "/2010-04-01/Accounts/" + acct + ".json" }, nil, 200, nil},
		{"POST", "/2010-04-01/Accounts/{Sid}.json", func() string { return "/2010-04-01/Accounts/" + sub.user + ".json" }, url.Values{"FriendlyName": {"renamed sub"}}, 200, nil},
		{"POST", "/2010-04-01/Accounts/{AccountSid}/Keys.json", func() string { return keysPath(acct) }, url.Values{"FriendlyName": {"schema key"}}, 201,
			func(m map[string]any) { keySID = m["sid"].(string) }},
		{"POST", "/2010-04-01/Accounts/{AccountSid}/Keys.json", func() string { return keysPath(acct) }, nil, 201, nil},
		{"GET", "/2010-04-01/Accounts/{AccountSid}/Keys.json", func() string { return keysPath(acct) }, url.Values{"PageSize": {"4"}}, 200, nil},
		{"GET", "/2010-04-01/Accounts/{AccountSid}/Keys.json", func() string { return keysPath(acct) }, url.Values{"PageSize": {"4"}, "Page": {"1"}}, 200, nil},
		{"GET", "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json", func() string { return keyPath(acct, keySID) }, nil, 200, nil},
		{"POST", "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json", func() string { return keyPath(acct, keySID) }, url.Values{"FriendlyName": {"renamed"}}, 200, nil},
		{"DELETE", "/2010-04-01/Accounts/{AccountSid}/Keys/{Sid}.json", func() string { return keyPath(acct, keySID) }, nil, 204, nil},
		{"POST", "/2010-04-01/Accounts/{AccountSid}/SigningKeys.json", func() string { return "/2010-04-01/Accounts/" + acct + "/SigningKeys.json" }, url.Values{"FriendlyName": {"signing"}}, 201,
			func(m map[string]any) { signingSID = m["sid"].(string) }},
		{"GET", "/2010-04-01/Accounts/{AccountSid}/SigningKeys.json", func() string { return "/2010-04-01/Accounts/" + acct + "/SigningKeys.json" }, url.Values{"PageSize": {"3"}}, 200, nil},
		{"GET", "/2010-04-01/Accounts/{AccountSid}/SigningKeys/{Sid}.json", func() string { return "/2010-04-01/Accounts/" + acct + "/SigningKeys/" + signingSID + ".json" }, nil, 200, nil},
		{"POST", "/2010-04-01/Accounts/{AccountSid}/SigningKeys/{Sid}.json", func() string { return "/2010-04-01/Accounts/" + acct + "/SigningKeys/" + signingSID + ".json" }, url.Values{"FriendlyName": {"s2"}}, 200, nil},
		{"DELETE", "/2010-04-01/Accounts/{AccountSid}/SigningKeys/{Sid}.json", func() string { return "/2010-04-01/Accounts/" + acct + "/SigningKeys/" + signingSID + ".json" }, nil, 204, nil},
		{"POST", "/v1/Keys", func() string { return "/v1/Keys" }, url.Values{"AccountSid": {acct}, "FriendlyName": {"iam restricted"}, "KeyType": {"restricted"}, "Policy": {testPolicy}}, 201,
			func(m map[string]any) { iamSID = m["sid"].(string) }},
		{"POST", "/v1/Keys", func() string { return "/v1/Keys" }, url.Values{"AccountSid": {acct}, "FriendlyName": {"iam standard"}}, 201,
			func(m map[string]any) { iamStandardSID = m["sid"].(string) }},
		{"GET", "/v1/Keys", func() string { return "/v1/Keys" }, url.Values{"AccountSid": {acct}, "PageSize": {"3"}}, 200, nil},
		{"GET", "/v1/Keys", func() string { return "/v1/Keys" }, url.Values{"AccountSid": {acct}, "PageSize": {"3"}, "Page": {"2"}}, 200, nil},
		{"GET", "/v1/Keys/{Sid}", func() string { return "/v1/Keys/" + iamSID }, nil, 200, nil},
		{"GET", "/v1/Keys/{Sid}", func() string { return "/v1/Keys/" + iamStandardSID }, nil, 200, nil},
		{"POST", "/v1/Keys/{Sid}", func() string { return "/v1/Keys/" + iamSID }, url.Values{"FriendlyName": {"iam renamed"}, "Policy": {`{"allow":["/twilio/voice/calls/*"]}`}}, 200, nil},
		{"DELETE", "/v1/Keys/{Sid}", func() string { return "/v1/Keys/" + iamSID }, nil, 204, nil},
		// Auth Tokens last: the promotion replaces admin's token. Each call
		// authenticates with the token the previous one left primary.
		{"POST", "/v1/AuthTokens/Secondary", func() string { return "/v1/AuthTokens/Secondary" }, nil, 201, nil},
		{"DELETE", "/v1/AuthTokens/Secondary", func() string { return "/v1/AuthTokens/Secondary" }, nil, 204, nil},
		{"POST", "/v1/AuthTokens/Secondary", func() string { return "/v1/AuthTokens/Secondary" }, url.Values{"SuppressEmailNotification": {"true"}}, 201, nil},
		{"POST", "/v1/AuthTokens/Promote", func() string { return "/v1/AuthTokens/Promote" }, nil, 200,
			func(m map[string]any) { admin.pass = m["auth_token"].(string) }},
		{"POST", "/v1/AuthTokens/Secondary", func() string { return "/v1/AuthTokens/Secondary" }, nil, 201, nil},
	}
	covered := map[string]bool{}
	for _, s := range steps {
		path := s.path()
		name := s.method + " " + path
		r := do(t, srv, s.method, path, admin, s.vals)
		if r.status != s.status {
			t.Fatalf("%s: status %d, want %d: %s", name, r.status, s.status, r.body)
		}
		doc, schema, ok := spec.operation(s.method, s.template, r.status)
		if !ok {
			t.Errorf("%s: the spec has no %d response for %s %s", name, r.status, s.method, s.template)
			continue
		}
		covered[s.method+" "+s.template] = true
		if !requestIDPattern.MatchString(r.header.Get("Twilio-Request-Id")) {
			t.Errorf("%s: Twilio-Request-Id %q", name, r.header.Get("Twilio-Request-Id"))
		}
		if r.status == http.StatusNoContent {
			if len(r.body) != 0 {
				t.Errorf("%s: 204 with a body %q", name, r.body)
			}
			continue
		}
		if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
		var v any
		if err := json.Unmarshal(r.body, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range check(doc, schema, v, "body") {
			t.Errorf("%s: %s", name, p)
		}
		if s.keep != nil {
			s.keep(v.(map[string]any))
		}
	}

	// Every operation in the spec subsets was exercised.
	var missed []string
	for _, doc := range spec {
		for path, item := range doc["paths"].(map[string]any) {
			for method := range item.(map[string]any) {
				if op := strings.ToUpper(method); op == "GET" || op == "POST" || op == "DELETE" {
					if !covered[op+" "+path] {
						missed = append(missed, op+" "+path)
					}
				}
			}
		}
	}
	sort.Strings(missed)
	if len(missed) > 0 {
		t.Errorf("operations never checked: %v", missed)
	}
}

// TestPageLinks checks the paging envelopes' links: relative URIs that keep
// PageSize, Page and PageToken for the 2010-04-01 API, absolute URLs on the
// Host the request was sent to, with the scheme it came in on, for IAM.
func TestPageLinks(t *testing.T) {
	srv := sandboxtest.Start(t, sandbox.Options{})
	acct := srv.AccountSID()
	r := do(t, srv, "GET", keysPath(acct), demoCreds(srv), url.Values{"PageSize": {"3"}})
	m := r.object(t)
	next, _ := m["next_page_uri"].(string)
	u, err := url.Parse(next)
	if err != nil || u.IsAbs() || u.Path != keysPath(acct) || u.Query().Get("PageSize") != "3" || u.Query().Get("Page") != "1" || !strings.HasPrefix(u.Query().Get("PageToken"), "PA") {
		t.Errorf("next_page_uri = %q", next)
	}
	if m["first_page_uri"] != keysPath(acct)+"?PageSize=3&Page=0" || m["uri"] != keysPath(acct)+"?PageSize=3&Page=0" || m["previous_page_uri"] != nil {
		t.Errorf("first_page_uri %v, uri %v, previous_page_uri %v", m["first_page_uri"], m["uri"], m["previous_page_uri"])
	}
	r2 := do(t, srv, "GET", next, demoCreds(srv), nil)
	m2 := r2.object(t)
	if m2["uri"] != next || m2["page"] != 1.0 || m2["start"] != 3.0 || m2["end"] != 5.0 {
		t.Errorf("second page: uri %v page %v start %v end %v", m2["uri"], m2["page"], m2["start"], m2["end"])
	}
	// Page without a token counts pages from the start.
	if byNumber := do(t, srv, "GET", keysPath(acct)+"?PageSize=3&Page=1", demoCreds(srv), nil).object(t); sids(byNumber["keys"]) != sids(m2["keys"]) {
		t.Errorf("Page=1 without a token lists %v, want the second page %v", sids(byNumber["keys"]), sids(m2["keys"]))
	}
	// Going back from the second page gives the first page's keys.
	prev, _ := m2["previous_page_uri"].(string)
	m3 := do(t, srv, "GET", prev, demoCreds(srv), nil).object(t)
	if sids(m3["keys"]) != sids(m["keys"]) {
		t.Errorf("previous page %v, want the first page %v", sids(m3["keys"]), sids(m["keys"]))
	}

	for _, tc := range []struct{ host, want string }{
		{"iam.twilio.com", "http://iam.twilio.com/v1/Keys?AccountSid=" + acct + "&PageSize=3&Page="},
		{"iam.dublin.ie1.twilio.com", "http://iam.dublin.ie1.twilio.com/v1/Keys?AccountSid=" + acct + "&PageSize=3&Page="},
		{"", srv.URL() + "/v1/Keys?AccountSid=" + acct + "&PageSize=3&Page="},
	} {
		req, _ := http.NewRequest("GET", srv.URL()+"/v1/Keys?PageSize=3&AccountSid="+acct, nil)
		if tc.host != "" {
			req.Host = tc.host
		}
		req.SetBasicAuth(acct, srv.AuthToken())
		meta, _ := send(t, req).object(t)["meta"].(map[string]any)
		next, _ := meta["next_page_url"].(string)
		if meta["url"] != tc.want+"0" || meta["first_page_url"] != tc.want+"0" || !strings.HasPrefix(next, tc.want+"1&PageToken=PA") || meta["key"] != "keys" {
			t.Errorf("Host %q: meta %v", tc.host, meta)
		}
	}
}

// sids joins the SIDs of a decoded list of keys.
func sids(v any) string {
	var out []string
	items, _ := v.([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)["sid"].(string))
	}
	return strings.Join(out, ",")
}
