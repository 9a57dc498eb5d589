package clipboard

import (
	"encoding/base64"
	"strings"
)

// wrapping is how an OSC 52 sequence must be packed to get through a
// terminal multiplexer to the real terminal.
type wrapping uint8

const (
	wrapNone wrapping = iota
	// wrapTmux sends the sequence twice in one write: plain, which tmux
	// takes into its own buffer and forwards when `set-clipboard on` is
	// set, and inside tmux's DCS passthrough, which reaches the outer
	// terminal when `allow-passthrough on` is set. Since tmux 3.3a neither
	// is the default and users enable one or the other; passthrough alone
	// fails the many who keep it off (opencode#25253), plain alone fails
	// those who rely on passthrough. tmux drops whichever form it is not
	// configured for, and a terminal that gets both just sets the same
	// text twice.
	wrapTmux
	// wrapScreen packs the sequence into GNU screen's DCS passthrough, in
	// chunks well under screen's 768-byte string limit.
	wrapScreen
)

// screenChunk is the chunk size for GNU screen, the one go-osc52 and
// vim-oscyank use.
const screenChunk = 76

// wrappingFor reads the multiplexer from the environment. tmux sets TMUX
// and often TERM=screen, so TMUX is checked first.
func wrappingFor(getenv func(string) string) wrapping {
	switch {
	case getenv("TMUX") != "":
		return wrapTmux
	case strings.HasPrefix(getenv("TERM"), "screen"):
		return wrapScreen
	}
	return wrapNone
}

// osc52Sequence returns the bytes that set the system clipboard (selection
// "c") to text: ESC ] 52 ; c ; base64 BEL. An empty text gives an empty
// payload, which terminals take as "clear" (a set to nothing where they do
// not). The caller wipes the result after writing it.
func osc52Sequence(text string, wrap wrapping) []byte {
	raw := []byte(text)
	defer clear(raw)
	seq := make([]byte, 0, len("\x1b]52;c;\a")+base64.StdEncoding.EncodedLen(len(raw)))
	seq = append(seq, "\x1b]52;c;"...)
	seq = base64.StdEncoding.AppendEncode(seq, raw)
	seq = append(seq, '\a')

	switch wrap {
	case wrapTmux:
		defer clear(seq)
		out := make([]byte, 0, 3*len(seq)+len("\x1bPtmux;\x1b\\")+2)
		out = append(out, seq...)
		out = append(out, "\x1bPtmux;"...)
		for _, c := range seq {
			if c == '\x1b' {
				out = append(out, '\x1b') // passthrough doubles every ESC
			}
			out = append(out, c)
		}
		return append(out, "\x1b\\"...)
	case wrapScreen:
		defer clear(seq)
		out := make([]byte, 0, len(seq)+(len(seq)/screenChunk+1)*len("\x1bP\x1b\\"))
		for i := 0; i < len(seq); i += screenChunk {
			out = append(out, "\x1bP"...)
			out = append(out, seq[i:min(i+screenChunk, len(seq))]...)
			out = append(out, "\x1b\\"...)
		}
		return out
	}
	return seq
}
