package webcore

import (
	"fmt"
	"time"
)

// The transaction engine is one goroutine with one timer set to the earliest
// due step. Why not a timer per transaction: all state changes then happen in
// one place, in id order, under a.mu; the goroutine count stays constant
// however many transactions are queued; Close has one thing to stop; and a
// restart resumes by simply scanning the loaded state. Each transition is one
// commit (applyStep): a step's status together with its effect.

// kick wakes the engine so it re-reads the schedule; it never blocks.
func (a *API) kick() {
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

func (a *API) runEngine() {
	defer close(a.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		a.mu.Lock()
		next, ok := a.advance(time.Now())
		a.mu.Unlock()
		if ok {
			timer.Reset(time.Until(next))
		} else {
			timer.Stop()
		}
		select {
		case <-a.stop:
			timer.Stop()
			return
		case <-a.wake:
		case <-timer.C:
		}
	}
}

// advance moves every transaction as far as the clock allows and returns
// when the engine must look again: the next running step's due time, or
// sooner while steps wait in a.unsaved (a.mu held).
func (a *API) advance(now time.Time) (time.Time, bool) {
	a.retryUnsaved()
	for changed := true; changed; {
		changed = false
		for _, id := range sortedKeys(a.active) {
			t := a.active[id]
			if t == nil {
				continue
			}
			switch t.Status {
			case txPending:
				switch a.dependencyStatus(t) {
				case "", txComplete:
					a.startTx(t, now)
					changed = true
				case txFailed, txCancelled:
					a.cancelTx(t, now)
					changed = true
				}
			case txRunning:
				if t.DueAt == nil || !t.DueAt.After(now) {
					a.finishTx(t, now)
					changed = true
				}
			}
		}
	}
	var next time.Time
	found := false
	for _, t := range a.active {
		if t.Status == txRunning && t.DueAt != nil && (!found || t.DueAt.Before(next)) {
			next, found = *t.DueAt, true
		}
	}
	if retry := now.Add(unsavedRetryEvery); len(a.unsaved) > 0 && (!found || retry.Before(next)) {
		next, found = retry, true
	}
	return next, found
}

// dependencyStatus is the status of the step t waits for ("" if none).
func (a *API) dependencyStatus(t *Transaction) string {
	if t.DependentTransactionID == nil {
		return ""
	}
	if dep := a.txs[*t.DependentTransactionID]; dep != nil {
		return dep.Status
	}
	return "" // a lost dependency must not block the chain forever
}

func (a *API) startTx(old *Transaction, now time.Time) {
	t := *old
	start := now.UTC().Truncate(time.Millisecond)
	due := now.Add(a.txConfig.duration(t.Action))
	t.Status, t.StartedAt, t.DueAt, t.UpdatedAt = txRunning, &start, &due, start
	t.FailWith = a.failureFor(&t)
	t.LogOutput = fmt.Sprintf("[%s] %s started\n", stamp(start), t.Action)
	a.applyStep(a.newChange().put(&t))
	a.log.Debug("webcore: transaction running", "id", t.ID, "action", t.Action)
}

// failureFor decides whether a starting step will fail: a control-API
// fail_actions entry wins, then the template's built-in failing step.
func (a *API) failureFor(t *Transaction) string {
	if msg, ok := a.txConfig.FailActions[t.Action]; ok {
		if msg == "" {
			msg = t.Action + " failed (emulator fail_actions)"
		}
		return msg
	}
	if t.ParentType != parentVirtualMachine {
		return ""
	}
	if vm := a.vms[t.ParentID]; vm != nil {
		if tmpl := a.templates[vm.TemplateID]; tmpl != nil && tmpl.FailAction == t.Action {
			return tmpl.FailLog
		}
	}
	return ""
}

func (a *API) cancelTx(old *Transaction, now time.Time) {
	t := *old
	t.Status, t.UpdatedAt, t.DueAt = txCancelled, now.UTC().Truncate(time.Millisecond), nil
	t.LogOutput = "Cancelled: an earlier transaction of the chain did not complete"
	a.applyStep(a.newChange().put(&t))
}

// finishTx completes or fails a running step; its status and its effect on
// its object are one commit.
func (a *API) finishTx(old *Transaction, now time.Time) {
	t := *old
	end := now.UTC().Truncate(time.Millisecond)
	t.UpdatedAt, t.DueAt = end, nil
	c := a.newChange()
	if t.FailWith != "" {
		t.Status = txFailed
		t.LogOutput += fmt.Sprintf("[%s] %s\n[%s] %s failed", stamp(end), t.FailWith, stamp(end), t.Action)
		a.undoOnFailure(c.put(&t), &t)
		a.log.Info("webcore: transaction failed", "id", t.ID, "action", t.Action)
	} else {
		t.Status = txComplete
		t.LogOutput += fmt.Sprintf("[%s] %s complete", stamp(end), t.Action)
		a.effect(c.put(&t), &t)
	}
	a.applyStep(c)
}

// undoOnFailure adds to c the undoing of bookkeeping that assumed success: a
// user whose destroy_user failed may be deleted again.
func (a *API) undoOnFailure(c *change, t *Transaction) {
	if t.Action != "destroy_user" {
		return
	}
	if old := a.users[t.ParentID]; old != nil {
		u := *old
		u.Destroying = false
		c.put(&u)
	}
}

// effect adds to c a completed step's change of its object.
func (a *API) effect(c *change, t *Transaction) {
	if t.ParentType == parentUser {
		if t.Action == "destroy_user" {
			c.removeUser(t.ParentID)
		}
		return
	}
	old := a.vms[t.ParentID]
	if old == nil {
		return
	}
	vm := old.changed()
	switch t.Action {
	case "build_disk":
		markDisksBuilt(vm)
	case "resize_disk":
		vm = a.diskEffect(vm, t)
	case "migrate_virtual_machine":
		migrationEffect(vm, t)
	case "configure_operating_system":
		vm.Built, vm.State = true, "delivered"
	case "startup_virtual_machine", "reboot_virtual_machine":
		vm.Booted = true
	case "stop_virtual_machine":
		vm.Booted = false
	case "resize_vm_without_reboot", "resize_virtual_machine":
		vm.Memory = paramInt(t.Params, "memory", vm.Memory)
		vm.CPUs = paramInt(t.Params, "cpus", vm.CPUs)
		vm.CPUShares = paramInt(t.Params, "cpu_shares", vm.CPUShares)
	case "destroy_virtual_machine":
		c.removeVM(vm.ID)
		return
	default:
		return
	}
	c.put(vm)
}

// paramInt reads an int param that may have been through a JSON round trip.
func paramInt(p map[string]any, key string, fallback int) int {
	switch v := p[key].(type) {
	case int:
		return v
	case float64:
		return int(v)
	}
	return fallback
}

// resumeTransactions restarts steps that were running when the process
// stopped from their beginning; pending ones wait for the engine (a.mu held).
func (a *API) resumeTransactions(now time.Time) {
	for _, id := range sortedKeys(a.active) {
		if t := a.active[id]; t.Status == txRunning {
			a.startTx(t, now)
		}
	}
}
