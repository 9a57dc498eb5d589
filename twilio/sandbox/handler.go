package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"
)

// maxBodyBytes bounds a request body. Nothing the API accepts comes close.
const maxBodyBytes = 64 << 10

// call is one request on its way through an endpoint.
type call struct {
	r      *http.Request
	route  route
	params params
	now    time.Time
	who    principal
}

// ServeHTTP answers one request of Twilio's API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Twilio-Request-Id", newRequestID())
	w.Header().Set("X-Home-Region", "us1")
	status, body, err := h.serve(r)
	if err != nil {
		writeError(w, err)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, body)
}

func (h *Handler) serve(r *http.Request) (int, any, error) {
	rt, ok := parseRoute(r.URL.Path)
	if !ok {
		return 0, nil, errNotFound(r.URL.Path)
	}
	eps := endpoints[rt.res]
	ep, ok := eps[r.Method]
	if !ok {
		return 0, nil, &methodNotAllowed{allow: allowed(eps)}
	}
	ps, err := readParams(r)
	if err != nil {
		return 0, nil, err
	}
	c := &call{r: r, route: rt, params: ps, now: h.now().UTC()}
	var status int
	var body any
	run := h.store.view
	if ep.write {
		run = h.store.update
	}
	err = run(func(t *txn) error {
		var err error
		if c.who, err = t.authenticate(r); err != nil {
			return err
		}
		if err = rt.validSIDs(); err != nil {
			return err
		}
		status, body, err = ep.serve(t, c)
		return err
	})
	return status, body, err
}

// methodNotAllowed is a 405 in Twilio's error shape, with an Allow header.
type methodNotAllowed struct{ allow string }

func (e *methodNotAllowed) Error() string { return "method not allowed" }

func writeError(w http.ResponseWriter, err error) {
	var ae *apiError
	var mna *methodNotAllowed
	switch {
	case errors.As(err, &ae):
	case errors.As(err, &mna):
		w.Header().Set("Allow", mna.allow)
		ae = &apiError{http.StatusMethodNotAllowed, codeMethodNotAllowed, "Method not allowed"}
	default:
		// A store failure. Its text names files and buckets, never secrets.
		ae = &apiError{http.StatusInternalServerError, codeInternal, "Internal Server Error: " + err.Error()}
	}
	if ae.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="Twilio API"`)
	}
	writeJSON(w, ae.Status, ae.body())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	// Twilio writes "&" in page links as is, not as \u0026.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	data := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if err != nil {
		// Only the sandbox's own types are encoded, and they always encode.
		status, data = http.StatusInternalServerError, []byte(`{"code":20500,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/20500","status":500}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	w.Write(data)
}

// params are a request's parameters: the form body of a POST, then the
// query string. Twilio-go sends GET and DELETE parameters in the query and
// POST parameters in the body.
type params struct{ body, query url.Values }

func (p params) get(name string) (string, bool) {
	if vs, ok := p.body[name]; ok && len(vs) > 0 {
		return vs[0], true
	}
	if vs, ok := p.query[name]; ok && len(vs) > 0 {
		return vs[0], true
	}
	return "", false
}

func readParams(r *http.Request) (params, error) {
	var p params
	var err error
	if p.query, err = url.ParseQuery(r.URL.RawQuery); err != nil {
		return p, errInvalidParam("The query string is malformed")
	}
	if r.Method == http.MethodPost && r.Body != nil {
		data, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
		if err != nil {
			return p, errInvalidParam("The request body could not be read")
		}
		if len(data) > maxBodyBytes {
			return p, &apiError{http.StatusRequestEntityTooLarge, codeInvalidParameter, "The request body is larger than " + strconv.Itoa(maxBodyBytes) + " bytes"}
		}
		if len(data) > 0 {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" && mt != "" {
				return p, errInvalidParam("The request body must be application/x-www-form-urlencoded")
			}
			if p.body, err = url.ParseQuery(string(data)); err != nil {
				return p, errInvalidParam("The request body is malformed")
			}
		}
	}
	for _, vs := range []url.Values{p.query, p.body} {
		for k, v := range vs {
			if !utf8.ValidString(k) || !allValidUTF8(v) {
				return p, errInvalidParam("Parameters must be valid UTF-8")
			}
		}
	}
	return p, nil
}

func allValidUTF8(ss []string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// friendlyName reads an optional FriendlyName: Twilio allows 64 characters.
func (p params) friendlyName() (name string, present bool, err error) {
	name, present = p.get("FriendlyName")
	if utf8.RuneCountInString(name) > 64 {
		return "", false, errConstraint()
	}
	return name, present, nil
}

// rfc2822 formats a time as Twilio does: "Mon, 13 Jun 2016 22:50:08 +0000".
func rfc2822(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }
