package ui

// TEMPORARY: stands in for ui/clipboard until it lands.

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
