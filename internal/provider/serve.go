package provider

import (
	"os"
	"runtime/debug"

	"github.com/webcore/terraform-provider-webcore/internal/pluginserver"
)

// Serve serves the provider to Terraform (or, with debug, to a debugger)
// as the provider's own process: it first tunes the process for a plugin's
// short life (see tuneProcess), and serves through pluginserver, which lets
// go of each call's context when the call ends.
func Serve(version string, debugMode bool) error {
	TuneProcess()
	return pluginserver.Serve(RegistryAddress, New(version), debugMode)
}

// TuneProcess tunes this process for a plugin's short life, as Serve does
// (see tuneProcess); the bench's floor provider calls it to compare like
// with like.
func TuneProcess() { tuneProcess(os.LookupEnv, os.Setenv, debug.SetGCPercent) }

// logLevelVariables are the variables that turn on Terraform's or the
// plugin SDKs' logs. Terraform hands its environment to the provider.
var logLevelVariables = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_WEBCORE",
	"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO",
}

// quietVariables switch the plugin SDKs' and the provider's logs off.
var quietVariables = []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO", "TF_LOG_PROVIDER"}

// providerGCPercent is the garbage collector's target for the process.
const providerGCPercent = 400

// tuneProcess does two things, each worth about a third of the provider's
// CPU time in a plan of hundreds of objects (see README, Performance):
//
//   - With no log level set (none of logLevelVariables, or all empty, as
//     Terraform reads them), it switches the SDKs' logs off. The framework
//     otherwise writes trace lines for every attribute of every object, about
//     160 per user in a plan, which Terraform parses and then discards.
//   - Unless GOGC is set, it collects garbage four times less often: a
//     provider process lives for one Terraform command and holds little, so
//     a few MB buy back the collector's share of the CPU.
func tuneProcess(lookup func(string) (string, bool), set func(string, string) error, setGCPercent func(int) int) {
	if _, ok := lookup("GOGC"); !ok {
		setGCPercent(providerGCPercent)
	}
	for _, name := range logLevelVariables {
		if v, _ := lookup(name); v != "" {
			return
		}
	}
	for _, name := range quietVariables {
		_ = set(name, "OFF")
	}
}
