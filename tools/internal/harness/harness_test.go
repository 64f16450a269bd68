package harness

import (
	"strings"
	"testing"
)

func TestCleanEnvDropsProviderEmulatorAndTerraformSettings(t *testing.T) {
	got := CleanEnv([]string{"PATH=/bin", "WEBCORE_API_KEY=x", "WEBSCALE_URL=y", "WEBCORE_EMULATOR_TX_DURATION=1s", "TF_LOG=DEBUG", "TF_CLI_CONFIG_FILE=z", "HOME=/root"})
	if strings.Join(got, " ") != "PATH=/bin HOME=/root" {
		t.Errorf("CleanEnv = %v", got)
	}
}

func TestDevOverridesConfigListsEveryProviderInOrder(t *testing.T) {
	got := devOverridesConfig(map[string]string{
		"registry.terraform.io/webcore/webcore": "/repo/bin",
		"registry.terraform.io/bench/minimal":   "/tmp/minimal",
	})
	want := `provider_installation {
  dev_overrides {
    "registry.terraform.io/bench/minimal" = "/tmp/minimal"
    "registry.terraform.io/webcore/webcore" = "/repo/bin"
  }
  direct {}
}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
