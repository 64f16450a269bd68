package emulator

import (
	"fmt"
	"os"

	"github.com/webcore/terraform-provider-webcore/internal/emulator/seedfile"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webcore"
	"github.com/webcore/terraform-provider-webcore/internal/emulator/webscale"
)

// SeedFile is the format of Config.SeedFile (--seed-file): what every fresh
// world holds on top of the defaults, or instead of them. Each domain's part
// mirrors that API's own objects and field names; see README.md.
type SeedFile struct {
	// ReplaceDefaults drops the default templates, hypervisors, limits and
	// applications. The admin user and the bootstrap access key always stay:
	// they are the credentials of the ready file.
	ReplaceDefaults bool          `json:"replace_defaults"`
	Webcore         webcore.Seed  `json:"webcore"`
	Webscale        webscale.Seed `json:"webscale"`
}

// readSeedFile reads and checks a seed file. Every error names the file, the
// line and the field ("seed.json:12: webcore.users[1].email: is invalid");
// checks that find several problems report them all, one per line.
func readSeedFile(path string, creds credentials) (*SeedFile, error) {
	data, err := os.ReadFile(path) //nolint:gosec // the seed file the emulator's operator names on its command line
	if err != nil {
		return nil, fmt.Errorf("seed file: %w", err)
	}
	var f SeedFile
	index, err := seedfile.Decode(path, data, &f)
	if err != nil {
		return nil, fmt.Errorf("seed file %w", err)
	}
	f.Webcore.ReplaceDefaults, f.Webscale.ReplaceDefaults = f.ReplaceDefaults, f.ReplaceDefaults
	var problems seedfile.Problems
	f.Webcore.Check(&problems, "webcore", creds.AdminLogin, creds.AdminEmail)
	f.Webscale.Check(&problems, "webscale", creds.WebscaleToken)
	if err := index.Err(path, problems); err != nil {
		return nil, fmt.Errorf("seed file %w", err)
	}
	return &f, nil
}
