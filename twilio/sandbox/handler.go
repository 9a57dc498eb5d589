package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	inFlight := h.inFlight.Add(1)
	defer h.inFlight.Add(-1)
	setCommonHeaders(w.Header(), r)
	w.Header().Set("Twilio-Concurrent-Requests", strconv.FormatInt(inFlight, 10))
	if r.Method == http.MethodOptions {
		// A browser's preflight carries no credentials, so it is answered
		// for every path before anything else, as Twilio's API hosts do.
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusOK)
		return
	}
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

// setCommonHeaders sets the headers Twilio's API sends on every answer,
// errors and injected faults included: the request id a user quotes to
// support, the region, the API's domain, and the CORS headers that let a
// browser app call the API (copied from api.twilio.com's answers). The
// handler adds Twilio-Concurrent-Requests, which only it can count.
func setCommonHeaders(hd http.Header, r *http.Request) {
	hd.Set("Twilio-Request-Id", newRequestID())
	hd.Set("X-Home-Region", "us1")
	domain := "api.twilio.com"
	switch {
	case strings.HasPrefix(r.URL.Path, "/v1/AuthTokens"):
		domain = "accounts.twilio.com"
	case strings.HasPrefix(r.URL.Path, "/v1/"):
		domain = "iam.twilio.com"
	}
	hd.Set("X-Api-Domain", domain)
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Idempotency-Key")
	hd.Set("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS")
	hd.Set("Access-Control-Expose-Headers", "ETag")
	hd.Set("Access-Control-Allow-Credentials", "true")
}

// serve runs the checks in Twilio's order: the path must exist (404), then
// the caller must authenticate (401/403), and only then are the method
// (405), the parameters (400) and the SIDs in the path (400) looked at, so
// a caller without credentials learns nothing but that the path exists.
func (h *Handler) serve(r *http.Request) (int, any, error) {
	rt, ok := parseRoute(r.URL.Path)
	if !ok {
		return 0, nil, errNotFound(r.URL.Path)
	}
	eps := endpoints[rt.res]
	method := r.Method
	if method == http.MethodHead {
		// HEAD is GET without the body, which net/http drops.
		method = http.MethodGet
	}
	ep, allowed := eps[method]
	ps, badParams := readParams(r)
	if !allowed || badParams != nil {
		err := h.store.view(func(t *txn) error {
			_, err := t.authenticate(r)
			return err
		})
		switch {
		case err != nil:
			return 0, nil, err
		case !allowed:
			return 0, nil, &methodNotAllowed{allow: allowedMethods(eps)}
		default:
			return 0, nil, badParams
		}
	}
	c := &call{r: r, route: rt, params: ps, now: h.now().UTC()}
	var status int
	var body any
	run := h.store.view
	if ep.write {
		run = h.store.update
	}
	err := run(func(t *txn) error {
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
			return p, &apiError{http.StatusRequestEntityTooLarge, codeEntityTooLarge, "Request Entity Too Large: the body is larger than " + strconv.Itoa(maxBodyBytes) + " bytes"}
		}
		if len(data) > 0 {
			if p.body, err = parseBody(r.Header.Get("Content-Type"), data); err != nil {
				return p, err
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

// parseBody reads a POST body in one of the two encodings Twilio accepts,
// application/x-www-form-urlencoded (what every SDK sends) and
// multipart/form-data (curl -F, Postman's "form-data"). Anything else,
// including a body with no Content-Type, is refused rather than read as no
// parameters, so a JSON body cannot create a key without its name.
func parseBody(contentType string, data []byte) (url.Values, error) {
	mt, mtParams, err := mime.ParseMediaType(contentType)
	switch {
	case err != nil:
		return nil, errContentType
	case mt == "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, errInvalidParam("The request body is malformed")
		}
		return vals, nil
	case mt == "multipart/form-data" && mtParams["boundary"] != "":
		vals := url.Values{}
		mr := multipart.NewReader(bytes.NewReader(data), mtParams["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return vals, nil
			}
			if err != nil {
				return nil, errInvalidParam("The request body is malformed")
			}
			// The whole body is already in memory and at most maxBodyBytes,
			// so a part cannot be larger.
			v, err := io.ReadAll(part)
			if err != nil {
				return nil, errInvalidParam("The request body is malformed")
			}
			if name := part.FormName(); name != "" {
				vals.Add(name, string(v))
			}
		}
	}
	return nil, errContentType
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
