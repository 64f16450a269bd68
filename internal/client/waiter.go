package client

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"
)

// checkFunc is one poll: done reports success; inProgress describes what is
// still pending for the timeout error.
type checkFunc func(ctx context.Context) (done bool, inProgress []string, err error)

// poll runs check until it reports done, sleeping with capped exponential
// backoff between checks. A check that fails with a transient error (5xx,
// 429, no answer) is tried again, so a wait rides out a flaky API or a short
// outage within its context; any other error ends the wait. When ctx ends
// first it returns a *TimeoutError naming what the last check saw in
// progress, and the last transient error if the API was failing.
func (w *Webcore) poll(ctx context.Context, what string, check checkFunc) error {
	delay := w.wait.Initial
	var inProgress []string
	var lastErr error
	for {
		done, now, err := check(ctx)
		if err == nil && done {
			return nil
		}
		if ctx.Err() != nil {
			// The check that ran out of time may say what the API did.
			if err != nil && (lastErr == nil || !errors.Is(err, ctx.Err())) {
				lastErr = err
			}
			return &TimeoutError{What: what, Pending: inProgress, LastErr: lastErr, Err: ctx.Err()}
		}
		switch {
		case err == nil:
			inProgress, lastErr = now, nil
		case IsTransient(err):
			lastErr = err
		default:
			return err
		}
		if err := w.sleep(ctx, delay); err != nil {
			return &TimeoutError{What: what, Pending: inProgress, LastErr: lastErr, Err: err}
		}
		delay = min(time.Duration(float64(delay)*w.wait.Multiplier), w.wait.Max)
	}
}

// WaitForTransactions waits until no transaction of the virtual server newer
// than afterID is pending or running. A failed or cancelled one returns an
// *OperationError quoting its action and log output; unknown statuses count
// as in progress.
func (w *Webcore) WaitForTransactions(ctx context.Context, vsID int64, afterID int64) error {
	return w.poll(ctx, fmt.Sprintf("transactions of virtual server %d", vsID), func(ctx context.Context) (bool, []string, error) {
		inProgress, err := w.transactionsInProgress(ctx, vsID, afterID)
		return len(inProgress) == 0, inProgress, err
	})
}

// WaitVirtualServerReady waits for the server's transactions newer than
// afterID, then until it is unlocked, and checks it is built (and booted
// when wantBooted). It returns the server as last read.
func (w *Webcore) WaitVirtualServerReady(ctx context.Context, id int64, afterID int64, wantBooted bool) (*VirtualServer, error) {
	var vs *VirtualServer
	err := w.poll(ctx, fmt.Sprintf("virtual server %d to become ready", id), func(ctx context.Context) (bool, []string, error) {
		inProgress, err := w.transactionsInProgress(ctx, id, afterID)
		if err != nil || len(inProgress) > 0 {
			return false, inProgress, err
		}
		current, err := w.GetVirtualServer(ctx, strconv.FormatInt(id, 10))
		if err != nil {
			return false, nil, err
		}
		if current.Locked {
			// Work queued by someone else (older than afterID) still holds the lock.
			return false, []string{fmt.Sprintf("virtual server %d is locked", id)}, nil
		}
		vs = current
		return true, nil, nil
	})
	if err != nil {
		return nil, err
	}
	if !vs.Built {
		return vs, fmt.Errorf("webcore: virtual server %d finished its transactions but is not built, and no failed transaction explains why", id)
	}
	if wantBooted && !vs.Booted {
		return vs, fmt.Errorf("webcore: virtual server %d finished its transactions but is not booted", id)
	}
	return vs, nil
}

// WaitUserGone polls the user until the API answers 404.
func (w *Webcore) WaitUserGone(ctx context.Context, id int64) error {
	return w.poll(ctx, fmt.Sprintf("user %d to be destroyed", id), func(ctx context.Context) (bool, []string, error) {
		u, err := w.GetUser(ctx, id)
		if IsNotFound(err) {
			return true, nil, nil
		}
		if err != nil {
			return false, nil, err
		}
		return false, []string{fmt.Sprintf("user %d still exists (status %q)", id, u.Status)}, nil
	})
}

// WaitVirtualServerGone polls the virtual server until the API answers 404.
func (w *Webcore) WaitVirtualServerGone(ctx context.Context, id int64) error {
	return w.poll(ctx, fmt.Sprintf("virtual server %d to be destroyed", id), func(ctx context.Context) (bool, []string, error) {
		vs, err := w.GetVirtualServer(ctx, strconv.FormatInt(id, 10))
		if IsNotFound(err) {
			return true, nil, nil
		}
		if err != nil {
			return false, nil, err
		}
		return false, []string{fmt.Sprintf("virtual server %d still exists (locked %t)", id, vs.Locked)}, nil
	})
}

// transactionsInProgress lists the server's transactions newer than afterID
// and describes those still in progress, oldest first. The first failed one
// (or, failing that, the first cancelled one, since a failure cancels the
// rest of its chain) becomes an *OperationError.
func (w *Webcore) transactionsInProgress(ctx context.Context, vsID int64, afterID int64) ([]string, error) {
	txs, err := w.ListVirtualServerTransactions(ctx, vsID)
	if err != nil {
		return nil, err
	}
	var newer []Transaction
	for _, tx := range txs {
		if tx.ID > afterID {
			newer = append(newer, tx)
		}
	}
	sort.Slice(newer, func(i, j int) bool { return newer[i].ID < newer[j].ID })

	var culprit *Transaction
	for i := range newer {
		tx := &newer[i]
		if tx.Status == TransactionFailed {
			culprit = tx
			break
		}
		if tx.Status == TransactionCancelled && culprit == nil {
			culprit = tx
		}
	}
	if culprit != nil {
		return nil, w.operationError(ctx, *culprit)
	}

	var inProgress []string
	for _, tx := range newer {
		if tx.InProgress() {
			inProgress = append(inProgress, fmt.Sprintf("%s (transaction %d, %s)", tx.Action, tx.ID, tx.Status))
		}
	}
	return inProgress, nil
}

// operationError builds the error for an unsuccessful transaction, fetching
// the log output the list view leaves out.
func (w *Webcore) operationError(ctx context.Context, tx Transaction) error {
	if tx.LogOutput == "" {
		if full, err := w.GetTransaction(ctx, tx.ID); err == nil {
			tx.LogOutput = full.LogOutput
		}
	}
	return &OperationError{
		Action:        tx.Action,
		Status:        tx.Status,
		LogOutput:     tx.LogOutput,
		TransactionID: tx.ID,
	}
}
