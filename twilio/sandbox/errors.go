package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
)

// Twilio error codes the sandbox answers with. Each is documented at
// https://www.twilio.com/docs/errors/<code>.
const (
	codeInvalidParameter   = 20001
	codeAuthenticate       = 20003
	codeMethodNotAllowed   = 20004
	codeForbidden          = 20403
	codeNotFound           = 20404
	codeInternal           = 20500
	codeConstraintViolated = 70001
	codeInvalidValue       = 70002
	codeNoSubSubaccounts   = 21101
	codePageSizeTooLarge   = 20007
	codeEntityTooLarge     = 20413
	codeInvalidPageToken   = 21481
	codeContentType        = 19056
	codeInvalidStatus      = 21475
	codeParentStatus       = 21477
	codeClosedSubaccount   = 21479
)

// apiError is an answer in Twilio's legacy error format, the one every SDK
// decodes: {"code","message","more_info","status"}.
type apiError struct {
	Status  int
	Code    int
	Message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d/%d: %s", e.Status, e.Code, e.Message)
}

type errorBody struct {
	Code     int    `json:"code"`
	Message  string `json:"message"`
	MoreInfo string `json:"more_info"`
	Status   int    `json:"status"`
}

func (e *apiError) body() errorBody {
	return errorBody{
		Code:     e.Code,
		Message:  e.Message,
		MoreInfo: "https://www.twilio.com/docs/errors/" + strconv.Itoa(e.Code),
		Status:   e.Status,
	}
}

// errAuthenticate is the one answer for every credential failure: unknown
// user, wrong password, a key type that may not call the resource, or an
// account the caller may not reach. Telling them apart would let a caller
// probe which SIDs exist.
var errAuthenticate = &apiError{http.StatusUnauthorized, codeAuthenticate, "Authenticate"}

// errSuspended is for correct credentials of a suspended account. Twilio
// documents both 401/20003 and 403/20403 here; 403 is chosen because the
// credentials are right, and telling the user to check them would mislead.
var errSuspended = &apiError{http.StatusForbidden, codeForbidden, "403 Forbidden"}

// errContentType is for a POST body that is neither form-encoded nor
// multipart. Twilio's catalogue has one error for it, 19056, with this text.
var errContentType = &apiError{http.StatusBadRequest, codeContentType, "Input request content type is invalid"}

var errInvalidSID = &apiError{http.StatusBadRequest, codeInvalidValue, "Invalid Sid provided in the request"}

func errNotFound(path string) *apiError {
	const maxShown = 512
	if len(path) > maxShown {
		path = path[:maxShown] + "..."
	}
	return &apiError{http.StatusNotFound, codeNotFound, "The requested resource " + path + " was not found"}
}

func errInvalidParam(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, codeInvalidParameter, fmt.Sprintf(format, args...)}
}

func errConstraint() *apiError {
	return &apiError{http.StatusBadRequest, codeConstraintViolated, "The request has constraint violations"}
}
