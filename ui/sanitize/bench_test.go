package sanitize

import (
	"strings"
	"testing"
)

var sink string

func BenchmarkText(b *testing.B) {
	inputs := []struct{ name, s string }{
		{"clean-25", "Production backend key 01"},
		{"clean-cjk", "本番バックエンドのキー"},
		{"hostile-25", "prod\x1b[2J\u202eyek\r\u200b\x1b]0;x\x07"},
		{"zalgo", "Z" + strings.Repeat("\u0301", 60)},
		{"clean-1MB", strings.Repeat("a", 1<<20)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.s)))
			b.ReportAllocs()
			for b.Loop() {
				sink = Text(in.s)
			}
		})
	}
}

func BenchmarkLine(b *testing.B) {
	inputs := []struct{ name, s string }{
		{"clean-fits", "Production backend key 01"},
		{"clean-cut", "Production backend key with a long descriptive name"},
		{"hostile-cut", "prod\x1b[2J\u202eyek\r\u200b\x1b]0;x\x07 and more and more"},
		{"hostile-1MB", strings.Repeat("\x1b[2J", 1<<18)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = Line(in.s, 30)
			}
		})
	}
}
