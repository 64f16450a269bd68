// Package harness runs the emulator and the Terraform CLI as child processes,
// as a user would, for the repo's tools that drive whole Terraform runs
// (tools/chaos, tools/bench): the emulator on a free port with a ready file,
// Terraform with a CLI configuration whose dev_overrides point at local
// provider builds, and both in process groups of their own.
package harness

import "strings"

// CleanEnv is the caller's environment without anything that would change what
// Terraform, the provider or the emulator do: WEBCORE_* and WEBSCALE_* (provider
// and emulator settings, WEBCORE_EMULATOR_* among them) and TF_* (CLI config,
// logging, variables, workspaces).
func CleanEnv(environ []string) []string {
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "WEBCORE_") || strings.HasPrefix(name, "WEBSCALE_") || strings.HasPrefix(name, "TF_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}
