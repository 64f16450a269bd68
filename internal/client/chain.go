package client

import (
	"cmp"
	"slices"
	"time"
)

// chainForecast predicts when scheduled work will be over, so that a wait
// can check near that moment instead of only backing off geometrically. It
// learns how long steps take from the steps that finished, and maps the
// API's timestamps onto the local clock without trusting either clock to be
// set right (see observe).
type chainForecast struct {
	// offset is local time minus API time, as an upper bound: every
	// observation can only show that the API's clock is at least as far as
	// its newest timestamp, so the smallest offset seen is the tightest
	// bound, and a forecast mapped with it is never early.
	offset time.Duration
	known  bool
}

// observe narrows the clock offset with the fact that, at local time at,
// the API's clock had reached at least apiAtLeast.
func (f *chainForecast) observe(at, apiAtLeast time.Time) {
	if apiAtLeast.IsZero() {
		return
	}
	// d <= f.offset would do as well (an equivalent mutant): an equal
	// bound sets the offset it already has.
	if d := at.Sub(apiAtLeast); !f.known || d < f.offset {
		f.offset, f.known = d, true
	}
}

// end returns the local time at which the transactions (one server's
// work, in any order) should be over, or false when it cannot tell: before
// any step has finished there is nothing to learn a step's length from.
func (f *chainForecast) end(txs []Transaction) (time.Time, bool) {
	if !f.known {
		return time.Time{}, false
	}
	end, ok := expectedEnd(txs)
	if !ok {
		return time.Time{}, false
	}
	return end.Add(f.offset), true
}

// byID orders transactions oldest first: the API numbers them in order.
func byID(a, b Transaction) int { return cmp.Compare(a.ID, b.ID) }

// expectedEnd is the API time at which txs should all be over. A finished
// step ends when it was last updated; a running one when it started plus
// the length of its kind of step; a pending one when the step it depends
// on (or, without one, every earlier step) ends, plus that length. A kind
// of step that has not finished yet is taken to last as long as the
// finished ones on average.
func expectedEnd(txs []Transaction) (time.Time, bool) {
	sorted := append([]Transaction(nil), txs...)
	slices.SortFunc(sorted, byID)

	byAction := map[string]time.Duration{}
	var total time.Duration
	finished := 0
	for _, tx := range sorted {
		if tx.Status == TransactionComplete && !tx.StartedAt.IsZero() && tx.UpdatedAt.After(tx.StartedAt) {
			d := tx.UpdatedAt.Sub(tx.StartedAt)
			byAction[tx.Action] = d // the latest of its kind
			total += d
			finished++
		}
	}
	if finished == 0 {
		return time.Time{}, false
	}
	length := func(action string) time.Duration {
		if d, ok := byAction[action]; ok {
			return d
		}
		return total / time.Duration(finished)
	}

	ends := make(map[int64]time.Time, len(sorted))
	var last time.Time // the latest end so far
	for _, tx := range sorted {
		var end time.Time
		switch {
		case !tx.InProgress():
			end = tx.UpdatedAt
		case tx.Status == TransactionRunning && !tx.StartedAt.IsZero():
			end = tx.StartedAt.Add(length(tx.Action))
		default: // pending (or a status this client does not know)
			start, ok := ends[tx.DependentTransactionID]
			if !ok {
				start = later(last, tx.CreatedAt)
			}
			end = start.Add(length(tx.Action))
		}
		ends[tx.ID] = end
		last = later(last, end)
	}
	return last, true
}

// newestTimestamp is the latest moment txs show the API's clock reached.
func newestTimestamp(txs []Transaction) time.Time {
	var newest time.Time
	for _, tx := range txs {
		newest = later(newest, later(tx.CreatedAt, later(tx.StartedAt, tx.UpdatedAt)))
	}
	return newest
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
