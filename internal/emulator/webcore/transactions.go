package webcore

import "net/http"

// txSpec describes one step of a chain to queue.
type txSpec struct {
	action string
	params map[string]any
}

type txWrapper struct {
	Transaction txView `json:"transaction"`
}

// queueChain adds a chain of pending transactions to c, each depending on the
// previous one; the first starts as soon as c is committed (a.mu held).
func (c *change) queueChain(parentType string, parentID, ownerID int, specs []txSpec) *change {
	now := nowMillis()
	chain := c.nextID(&c.next.Chain)
	var prev *int
	for _, s := range specs {
		id := c.nextID(&c.next.Transaction)
		c.put(&Transaction{
			ID: id, Action: s.action, Status: txPending, ParentID: parentID, ParentType: parentType,
			Identifier: newIdentifier(), DependentTransactionID: prev, ChainID: chain, Params: s.params,
			UserID: ownerID, CreatedAt: now, UpdatedAt: now,
		})
		prev = &id
	}
	c.queued = true
	return c
}

// vmLocked is true while any transaction of the server is pending or
// running (a.mu held). The active set is small, so a scan is cheap.
func (a *API) vmLocked(vmID int) bool {
	for _, t := range a.active {
		if t.ParentType == parentVirtualMachine && t.ParentID == vmID {
			return true
		}
	}
	return false
}

// transactionsView lists the matching transactions newest first (a.mu held).
func (a *API) transactionsView(match func(*Transaction) bool) []txWrapper {
	out := []txWrapper{}
	for i := len(a.txIDs) - 1; i >= 0; i-- {
		if t := a.txs[a.txIDs[i]]; match(t) {
			out = append(out, txWrapper{viewTx(t, false)})
		}
	}
	return out
}

func (a *API) showTransaction(r *http.Request, caller int) reply {
	return lookup(a, reading, a.findTransaction, r, caller, func(t *Transaction) reply {
		return ok(txWrapper{viewTx(t, true)})
	})
}

func (a *API) listTransactions(r *http.Request, caller int) reply {
	a.mu.RLock()
	defer a.mu.RUnlock()
	list := a.transactionsView(func(t *Transaction) bool { return visibleTo(caller, t.UserID) })
	return okPage(r, list, "transactions")
}
