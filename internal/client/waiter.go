package client

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// checkFunc is one poll: done reports success; inProgress describes what is
// still pending for the timeout error; expectedEnd, when not zero, is the
// local time at which the work should be over.
type checkFunc func(ctx context.Context) (result checkResult, err error)

type checkResult struct {
	done        bool
	inProgress  []string
	expectedEnd time.Time
}

// poll runs check until it reports done. Every wait follows a request that
// scheduled work, which the API never finishes at once, so the first check
// comes after the first delay. Between checks it sleeps until the work's
// expected end when the check could tell it (see chainForecast), and
// otherwise with capped exponential backoff; no sleep is longer than the
// cap. A check that fails with a transient error (5xx, 429, no answer) is
// tried again, so a wait rides out a flaky API or a short outage within
// its context; any other error ends the wait. When ctx ends first it
// returns a *TimeoutError naming what the last check saw in progress, and
// the last transient error if the API was failing.
func (w *Webcore) poll(ctx context.Context, what string, check checkFunc) error {
	backoff := newBackoff(w.wait.Initial, w.wait)
	overdue := newBackoff(overdueFirst(w.wait), w.wait)
	var inProgress []string
	var lastErr error
	delay := backoff.next()
	for {
		if err := w.sleep(ctx, delay); err != nil {
			return &TimeoutError{What: what, Pending: inProgress, LastErr: lastErr, Err: err}
		}
		result, err := check(ctx)
		if err == nil && result.done {
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
			inProgress, lastErr = result.inProgress, nil
		case IsTransient(err):
			lastErr = err
		default:
			return err
		}
		delay = w.nextDelay(result.expectedEnd, backoff, overdue)
	}
}

// nextDelay is how long to sleep before the next check: until the expected
// end (plus a small margin, so as not to arrive just before it), in equal
// parts no longer than the cap; shortly, and then less and less shortly,
// when the work is late; by the fallback backoff when nothing is expected.
func (w *Webcore) nextDelay(expectedEnd time.Time, backoff, overdue *backoff) time.Duration {
	if expectedEnd.IsZero() {
		return backoff.next()
	}
	until := expectedEnd.Sub(w.now())
	if until <= 0 {
		return overdue.next()
	}
	overdue.reset()
	until += max(minForecastMargin, until/forecastMarginDivisor)
	parts := (until + w.wait.Max - 1) / w.wait.Max
	return until / parts
}

// A check planned for a forecast end comes a little after it: at least
// minForecastMargin, or a fiftieth of the time left, since steps of the
// same kind vary a little in length.
const (
	minForecastMargin     = 5 * time.Millisecond
	forecastMarginDivisor = 50
)

// overdueFirst is the first delay once work is later than forecast: a
// quarter of the usual first delay, since the work is due any moment.
func overdueFirst(o WaitOptions) time.Duration { return max(o.Initial/4, time.Millisecond) }

// backoff is a capped exponential sequence of delays.
type backoff struct {
	first, current time.Duration
	opts           WaitOptions
}

func newBackoff(first time.Duration, opts WaitOptions) *backoff {
	return &backoff{first: first, current: first, opts: opts}
}

func (b *backoff) next() time.Duration {
	d := b.current
	b.current = min(time.Duration(float64(b.current)*b.opts.Multiplier), b.opts.Max)
	return d
}

func (b *backoff) reset() { b.current = b.first }

// WaitForTransactions waits until no transaction of the virtual server newer
// than afterID is pending or running. A failed or cancelled one returns an
// *OperationError quoting its action and log output; unknown statuses count
// as in progress.
func (w *Webcore) WaitForTransactions(ctx context.Context, vsID int64, afterID int64) error {
	chain := w.newChainWatch(vsID, afterID)
	return w.poll(ctx, fmt.Sprintf("transactions of virtual server %d", vsID), func(ctx context.Context) (checkResult, error) {
		return chain.check(ctx)
	})
}

// WaitVirtualServerReady waits for the build of a new server (its
// transactions newer than afterID), then until it is unlocked, and checks it
// is built (and booted when wantBooted). It returns the server as last read.
//
// The check planned for the build's forecast end reads the server instead
// of its transactions: a new server that is unlocked, built and (if asked)
// booted has finished its build, so one request settles the wait.
func (w *Webcore) WaitVirtualServerReady(ctx context.Context, id int64, afterID int64, wantBooted bool) (*VirtualServer, error) {
	chain := w.newChainWatch(id, afterID)
	var vs *VirtualServer
	var planned time.Time // the forecast end the last transactions check gave
	err := w.poll(ctx, fmt.Sprintf("virtual server %d to become ready", id), func(ctx context.Context) (checkResult, error) {
		if !planned.IsZero() && !w.now().Before(planned) {
			current, err := w.GetVirtualServer(ctx, strconv.FormatInt(id, 10))
			if err != nil {
				return checkResult{}, err
			}
			if current.Locked {
				// Later than forecast: check again soon, by the transactions,
				// which update the forecast.
				late := planned
				planned = time.Time{}
				return checkResult{inProgress: []string{fmt.Sprintf("virtual server %d is locked", id)}, expectedEnd: late}, nil
			}
			if current.Built && (current.Booted || !wantBooted) {
				vs = current
				return checkResult{done: true}, nil
			}
			// Unlocked but not ready: the transactions say why.
		}
		result, err := chain.check(ctx)
		planned = result.expectedEnd
		if err != nil || !result.done {
			return result, err
		}
		current, err := w.GetVirtualServer(ctx, strconv.FormatInt(id, 10))
		if err != nil {
			return checkResult{}, err
		}
		if current.Locked {
			// Work queued by someone else (older than afterID) still holds the lock.
			return checkResult{inProgress: []string{fmt.Sprintf("virtual server %d is locked", id)}}, nil
		}
		vs = current
		return checkResult{done: true}, nil
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

// chainWatch follows one server's transactions newer than afterID and
// forecasts their end.
type chainWatch struct {
	w        *Webcore
	vsID     int64
	afterID  int64
	started  time.Time // when the wait began: the work already existed then
	forecast chainForecast
}

func (w *Webcore) newChainWatch(vsID, afterID int64) *chainWatch {
	return &chainWatch{w: w, vsID: vsID, afterID: afterID, started: w.now()}
}

// check lists the transactions once: done when none is in progress, an
// *OperationError for a failed one, and the forecast end when it can tell.
func (c *chainWatch) check(ctx context.Context) (checkResult, error) {
	newer, err := c.w.transactionsAfter(ctx, c.vsID, c.afterID)
	if err != nil {
		return checkResult{}, err
	}
	// The API's clock had reached the newest timestamp by the time the
	// answer arrived, and the oldest transaction's creation by the time the
	// wait began.
	c.forecast.observe(c.w.now(), newestTimestamp(newer))
	if len(newer) > 0 {
		c.forecast.observe(c.started, newer[0].CreatedAt)
	}
	inProgress, err := c.w.inProgress(ctx, newer)
	if err != nil {
		return checkResult{}, err
	}
	end, _ := c.forecast.end(newer)
	return checkResult{done: len(inProgress) == 0, inProgress: inProgress, expectedEnd: end}, nil
}

// WaitUserGone polls the user until the API answers 404.
func (w *Webcore) WaitUserGone(ctx context.Context, id int64) error {
	return w.poll(ctx, fmt.Sprintf("user %d to be destroyed", id), func(ctx context.Context) (checkResult, error) {
		u, err := w.GetUser(ctx, id)
		if IsNotFound(err) {
			return checkResult{done: true}, nil
		}
		if err != nil {
			return checkResult{}, err
		}
		return checkResult{inProgress: []string{fmt.Sprintf("user %d still exists (status %q)", id, u.Status)}}, nil
	})
}

// WaitVirtualServerGone polls the virtual server until the API answers 404.
func (w *Webcore) WaitVirtualServerGone(ctx context.Context, id int64) error {
	return w.poll(ctx, fmt.Sprintf("virtual server %d to be destroyed", id), func(ctx context.Context) (checkResult, error) {
		vs, err := w.GetVirtualServer(ctx, strconv.FormatInt(id, 10))
		if IsNotFound(err) {
			return checkResult{done: true}, nil
		}
		if err != nil {
			return checkResult{}, err
		}
		return checkResult{inProgress: []string{fmt.Sprintf("virtual server %d still exists (locked %t)", id, vs.Locked)}}, nil
	})
}

// transactionsAfter lists the server's transactions newer than afterID,
// oldest first.
func (w *Webcore) transactionsAfter(ctx context.Context, vsID int64, afterID int64) ([]Transaction, error) {
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
	slices.SortFunc(newer, byID)
	return newer, nil
}

// inProgress describes the transactions (oldest first) still in progress.
// The first failed one (or, failing that, the first cancelled one, since a
// failure cancels the rest of its chain) becomes an *OperationError.
func (w *Webcore) inProgress(ctx context.Context, txs []Transaction) ([]string, error) {
	var culprit *Transaction
	for i := range txs {
		tx := &txs[i]
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
	for _, tx := range txs {
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
