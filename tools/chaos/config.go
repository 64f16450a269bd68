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
	// OwnedServers are servers made for the first users (user_id), handed
	// over in the apply that creates them; at most Users.
	OwnedServers int
	// DiskGB is the servers' primary disk size; the chaos run grows it in place.
	DiskGB int
}

// grown is w with every server's disk grown in place.
func (w workload) grown() workload {
	w.DiskGB += 5
	return w
}

var (
	// chaosWorkload is issue 10's configuration: at least 20 users, 5 servers and 5 keys.
	// Issue 17 adds a server owned by one of the users, and a disk grow.
	chaosWorkload = workload{Users: 20, Servers: 5, Keys: 5, OwnedServers: 1, DiskGB: 10}
	// outageWorkload is small: the outage test is about servers building while the API is away.
	outageWorkload = workload{Users: 3, Servers: 2, Keys: 1, DiskGB: 10}
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
  primary_disk_size = {{.DiskGB}}
}

resource "webcore_virtual_server" "owned" {
  count             = {{.OwnedServers}}
  label             = format("{{.ServerPrefix}}owned-%02d", count.index)
  hostname          = format("{{.ServerPrefix}}owned-%02d", count.index)
  template_id       = 1
  memory            = 256
  cpus              = 1
  cpu_shares        = 10
  primary_disk_size = {{.DiskGB}}
  user_id           = webcore_user.chaos[count.index].id
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
	if err := os.MkdirAll(dir, 0o700); err != nil { //nolint:gosec // the session's config directory under its own logs directory (os.MkdirTemp)
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), b.Bytes(), 0o600) //nolint:gosec // the session's config directory under its own logs directory (os.MkdirTemp)
}
