package main

import "runtime/debug"

// version is set at release time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

// versionString is the version and, when the binary was built from a git
// checkout, the commit it was built from.
func versionString() string {
	commit, modified := "", false
	if info, ok := debug.ReadBuildInfo(); ok {
		if version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if commit == "" {
		return "twilio-keys " + version
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if modified {
		commit += "-dirty"
	}
	return "twilio-keys " + version + " (commit " + commit + ")"
}
