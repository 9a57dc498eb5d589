package ui

// TEMPORARY: stands in for ui/sanitize and ui/clipboard until they land.

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

func safeText(s string) string {
	q := strconv.QuoteToGraphic(s)
	q = q[1 : len(q)-1]
	return strings.ReplaceAll(q, `\"`, `"`)
}

func safeLine(s string, n int) string { return ansi.Truncate(safeText(s), n, "…") }

// Clipboard is a stand-in for clipboard.Clipboard.
type Clipboard interface {
	Copy(text string) CopyResult
	ClearIfUnchanged() CopyResult
}

// CopyResult is a stand-in for clipboard.Result.
type CopyResult struct {
	OK  bool
	Msg string
}

// Describe says what happened.
func (r CopyResult) Describe() string { return r.Msg }
