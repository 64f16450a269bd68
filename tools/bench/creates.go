package main

import (
	"context"
	"errors"
	"fmt"
	"text/template"
	"time"

	"github.com/webcore/terraform-provider-webcore/internal/emulator"
)

// serverConfig is one webcore_virtual_server that the emulator builds at once:
// template 1 builds, the sizes fit the default limits.
var serverConfig = template.Must(template.New("server").Parse(`terraform {
  required_providers {
    webcore = {
      source = "webcore/webcore"
    }
  }
}

provider "webcore" {}

resource "webcore_virtual_server" "bench" {
  label             = "{{.}}"
  hostname          = "{{.}}"
  template_id       = 1
  memory            = 512
  cpus              = 1
  cpu_shares        = 10
  primary_disk_size = 10
}
`))

// createFigures is one server create: the build's length, how many API
// requests the apply made and how late the provider noticed the build end.
type createFigures struct {
	step    time.Duration  // every build transaction took this long
	steps   int            // transactions in the build chain
	calls   int            // vendor requests during the apply
	byRoute map[string]int // the same by "METHOD /route"
	lag     time.Duration  // the apply's last API answer, minus the chain's end
}

// build is the chain's nominal length.
func (c createFigures) build() time.Duration { return time.Duration(c.steps) * c.step }

// measureCreates creates one server per step duration against a fresh
// emulator, each from its own configuration, and reads its figures from the
// emulator's request log and state.
func measureCreates(ctx context.Context, tc *toolchain, steps []time.Duration) ([]createFigures, error) {
	s, err := newSection(ctx, tc, "creates")
	if err != nil {
		return nil, err
	}
	defer s.close()
	var out []createFigures
	for i, step := range steps {
		label := fmt.Sprintf("bench-vs-%d", i+1)
		tc.logf("server create, every build step %v", step)
		// Every action of the build takes step: one default, no per-action overrides.
		if err := s.emu.Control.SetWebcoreTransactions(emulator.WebcoreTransactions{DefaultDuration: step, Durations: map[string]time.Duration{}}); err != nil {
			return nil, err
		}
		tf, err := s.terraform(label, serverConfig, label, map[string]string{webcoreSource: tc.webcoreDir})
		if err != nil {
			return nil, err
		}
		if err := s.emu.Control.ClearRequests(); err != nil {
			return nil, err
		}
		if err := apply(ctx, tf, "apply"); err != nil {
			return nil, err
		}
		reqs, err := s.emu.Control.Requests()
		if err != nil {
			return nil, err
		}
		st, err := s.emu.Control.State()
		if err != nil {
			return nil, err
		}
		f, err := createFiguresFrom(step, label, reqs, st)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", label, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// createFiguresFrom reads one create's figures: the chain's end is the latest
// updated_at of the server's transactions (all complete), and the provider
// has noticed it by the end of its last request of the apply, whatever it
// polls and however it spaces its polls. Both times come from the emulator's clock.
func createFiguresFrom(step time.Duration, label string, reqs []emulator.RequestRecord, st emulator.State) (createFigures, error) {
	f := createFigures{step: step, calls: len(reqs), byRoute: map[string]int{}}
	for _, r := range reqs {
		f.byRoute[r.Method+" "+r.Route]++
	}
	vmID := 0
	for _, vm := range st.Webcore.VirtualServers {
		if vm.Label == label {
			vmID = vm.ID
		}
	}
	if vmID == 0 {
		return f, errors.New("the server is not in the emulator's state")
	}
	var chainEnd time.Time
	for _, tx := range st.Webcore.Transactions {
		if tx.ParentType != "VirtualMachine" || tx.ParentID != vmID {
			continue
		}
		if tx.Status != "complete" {
			return f, fmt.Errorf("transaction %d (%s) is %s after the apply", tx.ID, tx.Action, tx.Status)
		}
		f.steps++
		if tx.UpdatedAt.After(chainEnd) {
			chainEnd = tx.UpdatedAt
		}
	}
	if f.steps == 0 {
		return f, errors.New("the server has no build transactions")
	}
	var lastAnswer time.Time
	for _, r := range reqs {
		if end := r.Time.Add(time.Duration(r.DurationMS * float64(time.Millisecond))); end.After(lastAnswer) {
			lastAnswer = end
		}
	}
	if !lastAnswer.After(chainEnd) {
		return f, errors.New("no API answer after the build ended: the apply cannot have seen it end")
	}
	f.lag = lastAnswer.Sub(chainEnd)
	return f, nil
}
