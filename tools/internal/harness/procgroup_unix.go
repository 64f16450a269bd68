//go:build unix

package harness

import (
	"errors"
	"os"
	"syscall"
)

// OwnProcessGroup puts a child in a process group of its own: a Ctrl-C in the
// terminal then reaches only this program, which stops the children in order,
// and a signal to the group also reaches what the child started (Terraform's
// provider plugins).
func OwnProcessGroup() *syscall.SysProcAttr { return &syscall.SysProcAttr{Setpgid: true} }

// SignalGroup sends sig to the process group p leads; a group that is gone already is no error.
func SignalGroup(p *os.Process, sig syscall.Signal) error {
	if err := syscall.Kill(-p.Pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}
