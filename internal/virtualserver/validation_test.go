package virtualserver_test

import (
	"fmt"
	"maps"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/webcore/terraform-provider-webcore/internal/acctest"
)

// TestAccVirtualServer_planTimeValidation checks every rule the API states
// is caught at plan time, before any API call: the emulator's request
// counters do not move. Not parallel: it reads the shared counters.
func TestAccVirtualServer_planTimeValidation(t *testing.T) {
	var before map[string]int
	valid := map[string]string{
		"label": `"plan-check"`, "hostname": `"plan-check"`, "template_id": "1", "memory": "128", "cpus": "1",
		"cpu_shares": "1", "primary_disk_size": "5",
	}
	cases := []struct {
		name, attribute, value string
		want                   string
	}{
		{"memory below 128", "memory", "127", `memory\s+value\s+must\s+be\s+at\s+least\s+128`},
		{"no cpus", "cpus", "0", `cpus\s+value\s+must\s+be\s+at\s+least\s+1`},
		{"cpu shares above 100", "cpu_shares", "101", `cpu_shares\s+value\s+must\s+be\s+between\s+1\s+and\s+100`},
		{"cpu shares of 0", "cpu_shares", "0", `cpu_shares\s+value\s+must\s+be\s+between\s+1\s+and\s+100`},
		{"empty primary disk", "primary_disk_size", "0", `primary_disk_size\s+value\s+must\s+be\s+at\s+least\s+1`},
		{"negative swap", "swap_disk_size", "-1", `swap_disk_size\s+value\s+must\s+be\s+at\s+least\s+0`},
		{"short root password", "initial_root_password", `"abc12"`, `must\s+be\s+6\s+to\s+32\s+characters`},
		{"long root password", "initial_root_password", `"` + fmt.Sprintf("%033d", 0) + `"`, `must\s+be\s+6\s+to\s+32\s+characters`},
		{"root password with a space", "initial_root_password", `"bad password"`, `must\s+be\s+6\s+to\s+32\s+characters`},
		{"hostname with a leading hyphen", "hostname", `"-web"`, `must\s+be\s+a\s+host\s+name`},
		{"hostname with an underscore", "hostname", `"web_01"`, `must\s+be\s+a\s+host\s+name`},
		{"domain with a space", "domain", `"example com"`, `must\s+be\s+a\s+domain\s+name`},
		{"empty label", "label", `""`, `label\s+string\s+length\s+must\s+be\s+between\s+1\s+and\s+255`},
		{"unknown power state", "power_state", `"paused"`, `power_state\s+value\s+must\s+be\s+one\s+of`},
		{"negative rate limit", "rate_limit", "-1", `rate_limit\s+value\s+must\s+be\s+at\s+least\s+0`},
		{"template id 0", "template_id", "0", `template_id\s+value\s+must\s+be\s+at\s+least\s+1`},
		{"running without build", "build", "false\n  power_state = \"running\"", `power_state\s+=\s+"running"\s+needs\s+build\s+=\s+true`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		attrs := maps.Clone(valid)
		attrs[c.attribute] = c.value
		body := ""
		for _, k := range []string{"label", "hostname", "template_id", "memory", "cpus", "cpu_shares", "primary_disk_size",
			"swap_disk_size", "initial_root_password", "domain", "power_state", "rate_limit", "build"} {
			if v, ok := attrs[k]; ok {
				body += fmt.Sprintf("  %s = %s\n", k, v)
			}
		}
		steps = append(steps, resource.TestStep{
			Config:      "resource \"webcore_virtual_server\" \"test\" {\n" + body + "}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)` + c.want),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			acctest.PreCheck(t)
			before = acctest.APICalls(t)
		},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps:                    steps,
	})

	// resource.Test has returned, not skipped: the PreCheck ran.
	if after := acctest.APICalls(t); !maps.Equal(before, after) {
		t.Errorf("plan-time validation called the API: counters went from %v to %v", before, after)
	}
}
