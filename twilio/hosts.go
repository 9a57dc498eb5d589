package twilio

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultRegion is the region of api.twilio.com, and the one assumed when an
// edge is given without a region.
const DefaultRegion = "us1"

// regionEdges is the Twilio CLI's REGION_EDGE_MAP: the edge it fills in when
// only a region is given. Twilio stopped serving the region-only host
// (api.{region}.twilio.com) in 2026, so a region always needs an edge.
var regionEdges = map[string]string{
	"au1": "sydney",
	"br1": "sao-paulo",
	"de1": "frankfurt",
	"ie1": "dublin",
	"jp1": "tokyo",
	"jp2": "osaka",
	"sg1": "singapore",
	"us1": "ashburn",
	"us2": "umatilla",
}

// endpoints are the bases a client talks to: the v2010 API, IAM v1 and
// Accounts v1 (Auth Tokens).
type endpoints struct {
	api, iam, accounts *url.URL
	region             string
}

// resolveEndpoints turns the options into base URLs. An explicit BaseURL
// serves both APIs; otherwise the hosts come from region and edge as twilio-go
// builds them: api.{edge}.{region}.twilio.com.
func resolveEndpoints(opts Options) (endpoints, error) {
	region, edge := strings.ToLower(opts.Region), strings.ToLower(opts.Edge)
	for _, v := range []struct{ field, value string }{{"region", region}, {"edge", edge}} {
		if !validHostLabel(v.value) {
			return endpoints{}, &ValidationError{Field: v.field, Problem: "may contain only letters, digits and hyphens, like us1 or ashburn"}
		}
	}
	if opts.BaseURL != "" {
		base, err := parseBaseURL(opts.BaseURL)
		if err != nil {
			return endpoints{}, err
		}
		return endpoints{api: base, iam: base, accounts: base, region: or(region, DefaultRegion)}, nil
	}
	if region == "" && edge == "" {
		return endpoints{
			api:      &url.URL{Scheme: "https", Host: "api.twilio.com"},
			iam:      &url.URL{Scheme: "https", Host: "iam.twilio.com"},
			accounts: &url.URL{Scheme: "https", Host: "accounts.twilio.com"},
			region:   DefaultRegion,
		}, nil
	}
	region = or(region, DefaultRegion)
	if edge == "" {
		edge = regionEdges[region]
		if edge == "" {
			return endpoints{}, &ValidationError{Field: "region", Problem: fmt.Sprintf("%s has no known edge; give the edge too, e.g. dublin for ie1", region)}
		}
	}
	suffix := "." + edge + "." + region + ".twilio.com"
	return endpoints{
		api:      &url.URL{Scheme: "https", Host: "api" + suffix},
		iam:      &url.URL{Scheme: "https", Host: "iam" + suffix},
		accounts: &url.URL{Scheme: "https", Host: "accounts" + suffix},
		region:   region,
	}, nil
}

// parseBaseURL accepts scheme://host[:port] only. Plain http is allowed only
// to a loopback address, because every request carries the credentials.
func parseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	problem := ""
	switch {
	case err != nil || u.Host == "":
		// Neither raw nor url.Parse's error (which quotes raw) is repeated: a
		// URL may carry a password.
		problem = "is not a URL like https://host or http://127.0.0.1:PORT"
	case u.User != nil:
		problem = "must not contain a user name or password; credentials are sent separately"
	case u.Scheme != "https" && u.Scheme != "http":
		problem = "must start with https:// (or http:// for a loopback address)"
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		problem = "must be only scheme, host and port, with no path: both /2010-04-01 and /v1 are served under it"
	case u.Scheme == "http" && !IsLoopback(u.Hostname()):
		problem = fmt.Sprintf("uses plain http:// to %s, which would send the credentials unencrypted; "+
			"use https://, or http:// only with a loopback address (127.0.0.1, ::1, localhost)", u.Hostname())
	default:
		return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
	}
	return nil, &ValidationError{Field: "base URL", Problem: problem}
}

// IsLoopback reports whether host names this machine only: localhost in any
// case, or an address in 127.0.0.0/8 or ::1. Plain http:// is allowed only to
// such a host, and a --base-url on one is taken to be the sandbox.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func validHostLabel(s string) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
