//go:build !unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// ownProcessGroup: without Unix process groups a child stays in ours.
func ownProcessGroup() *syscall.SysProcAttr { return nil }

// signalGroup can only kill the child itself here, whatever the signal.
func signalGroup(p *os.Process, _ syscall.Signal) error {
	if err := p.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	return nil
}
