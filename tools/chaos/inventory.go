package main

import (
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// seeded is what a fresh emulator holds before Terraform runs (the admin user,
// the bootstrap access key), read from its state dump rather than assumed.
type seeded struct {
	users map[int]bool
	keys  map[string]bool
}

func seededFrom(st emulator.State) seeded {
	s := seeded{users: map[int]bool{}, keys: map[string]bool{}}
	for _, u := range st.Webcore.Users {
		s.users[u.ID] = true
	}
	for _, k := range st.Webscale.AccessKeys {
		s.keys[k.ID] = true
	}
	return s
}

// objectCounts counts users, servers and access keys: duplicates, or what a destroy left behind.
type objectCounts struct {
	users, servers, keys int
}

func (c objectCounts) total() int { return c.users + c.servers + c.keys }

// String reads "2 servers, 1 key", or "none".
func (c objectCounts) String() string {
	var parts []string
	for _, p := range []struct {
		n    int
		noun string
	}{{c.users, "user"}, {c.servers, "server"}, {c.keys, "key"}} {
		switch {
		case p.n == 1:
			parts = append(parts, "1 "+p.noun)
		case p.n > 1:
			parts = append(parts, fmt.Sprintf("%d %ss", p.n, p.noun))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// duplicates counts objects the emulator holds twice or without Terraform knowing:
// every live user beyond the first with its login (case-insensitive, as the API
// compares them), every server beyond the first with its label, and every
// access key that is neither seeded nor in the Terraform state (a key whose
// create answer was lost, which nobody can use: its secret is gone).
func duplicates(st emulator.State, s seeded, keysInState map[string]bool) objectCounts {
	var c objectCounts
	logins := map[string]int{}
	for _, u := range st.Webcore.Users {
		if !u.Destroying && u.Status != "deleted" {
			logins[strings.ToLower(u.Login)]++
		}
	}
	labels := map[string]int{}
	for _, vs := range st.Webcore.VirtualServers {
		labels[vs.Label]++
	}
	c.users, c.servers = beyondFirst(logins), beyondFirst(labels)
	for _, k := range st.Webscale.AccessKeys {
		if !s.keys[k.ID] && !keysInState[k.ID] {
			c.keys++
		}
	}
	return c
}

// beyondFirst sums, over groups, how many members each has beyond one.
func beyondFirst(groups map[string]int) int {
	n := 0
	for _, size := range groups {
		n += size - 1
	}
	return n
}

// leftovers counts what is there that a fresh emulator did not hold: after a
// complete destroy, nothing. A user whose removal is queued counts as gone.
func leftovers(st emulator.State, s seeded) objectCounts {
	c := objectCounts{servers: len(st.Webcore.VirtualServers)}
	for _, u := range st.Webcore.Users {
		if !s.users[u.ID] && !u.Destroying {
			c.users++
		}
	}
	for _, k := range st.Webscale.AccessKeys {
		if !s.keys[k.ID] {
			c.keys++
		}
	}
	return c
}

// accessKeyIDs are the ids of the access keys in a Terraform state.
func accessKeyIDs(resources []*tfjson.StateResource) map[string]bool {
	ids := map[string]bool{}
	for _, r := range resources {
		if id, ok := r.AttributeValues["id"].(string); ok && r.Type == "webscale_access_key" {
			ids[id] = true
		}
	}
	return ids
}

// tainted lists the addresses Terraform marked tainted: it will destroy and recreate them.
func tainted(resources []*tfjson.StateResource) []string {
	var out []string
	for _, r := range resources {
		if r.Tainted {
			out = append(out, r.Address)
		}
	}
	return out
}
