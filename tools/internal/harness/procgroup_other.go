//go:build !unix

package harness

import (
	"errors"
	"os"
	"syscall"
)

// OwnProcessGroup: without Unix process groups a child stays in ours.
func OwnProcessGroup() *syscall.SysProcAttr { return nil }

// SignalGroup can only kill the child itself here, whatever the signal.
func SignalGroup(p *os.Process, _ syscall.Signal) error {
	if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}
