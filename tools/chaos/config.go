package main

import (
	"bytes"
	"os"
	"path/filepath"
	"text/template"
)

// Name prefixes of what the configurations create, so the emulator's state can
// be read back against them.
const (
	userLoginPrefix   = "chaos-user-"
	serverLabelPrefix = "chaos-vs-"
)

// workload is how many objects of each type a configuration declares.
type workload struct {
	Users, Servers, Keys int
}

var (
	// chaosWorkload is issue 10's configuration: at least 20 users, 5 servers and 5 keys.
	chaosWorkload = workload{Users: 20, Servers: 5, Keys: 5}
	// outageWorkload is small: the outage test is about servers building while the API is away.
	outageWorkload = workload{Users: 3, Servers: 2, Keys: 1}
)

// configTemplate is the Terraform configuration. Every object takes the values
// the emulator accepts at once: template 1 builds, memory fits the default
// limits, keys expire long after the run.
var configTemplate = template.Must(template.New("main.tf").Parse(`terraform {
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

# Every setting comes from the environment the chaos tool sets.
provider "webcore" {}

resource "webcore_user" "chaos" {
  count    = {{.Users}}
  login    = format("{{.UserPrefix}}%02d", count.index)
  email    = format("{{.UserPrefix}}%02d@example.com", count.index)
  password = "chaos-password-1"
}

resource "webcore_virtual_server" "chaos" {
  count             = {{.Servers}}
  label             = format("{{.ServerPrefix}}%02d", count.index)
  hostname          = format("{{.ServerPrefix}}%02d", count.index)
  template_id       = 1
  memory            = 512
  cpus              = 1
  cpu_shares        = 10
  primary_disk_size = 10
}

resource "webscale_access_key" "chaos" {
  provider   = webcore
  count      = {{.Keys}}
  expires_at = "2099-12-31T23:59:59Z"
}
`))

// writeConfig writes the workload's main.tf into dir.
func writeConfig(dir string, w workload) error {
	var b bytes.Buffer
	err := configTemplate.Execute(&b, struct {
		workload
		UserPrefix, ServerPrefix string
	}{w, userLoginPrefix, serverLabelPrefix})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), b.Bytes(), 0o600)
}
