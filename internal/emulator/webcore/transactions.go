package webcore

import (
	"net/http"
	"strconv"
	"time"
)

// txSpec describes one step of a chain to queue.
type txSpec struct {
	action string
	params map[string]any
}

type txWrapper struct {
	Transaction txView `json:"transaction"`
}

// queueChain persists a chain of pending transactions, each depending on the
// previous one, and starts the first at once (a.mu held).
func (a *API) queueChain(parentType string, parentID, ownerID int, specs []txSpec) error {
	now := time.Now().UTC().Truncate(time.Millisecond)
	chain := a.nextID(&a.next.Chain)
	ids := make([]int, len(specs))
	for i := range specs {
		ids[i] = a.nextID(&a.next.Transaction)
	}
	if err := a.saveMeta(); err != nil {
		return err
	}
	var prev *int
	for i, s := range specs {
		t := &Transaction{
			ID: ids[i], Action: s.action, Status: txPending, ParentID: parentID, ParentType: parentType,
			Identifier: newIdentifier(), DependentTransactionID: prev, ChainID: chain, Params: s.params,
			UserID: ownerID, CreatedAt: now, UpdatedAt: now,
		}
		if err := a.commitTx(t); err != nil {
			return err
		}
		prev = &ids[i]
	}
	a.advance(time.Now())
	a.kick()
	return nil
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

func (a *API) showTransaction(w http.ResponseWriter, r *http.Request, caller int) {
	s, ok := parseID(r, true)
	id, err := strconv.Atoi(s)
	if !ok || err != nil {
		notFound(w)
		return
	}
	a.mu.RLock()
	t := a.txs[id]
	if t == nil || (!isAdmin(caller) && t.UserID != caller) {
		a.mu.RUnlock()
		notFound(w)
		return
	}
	v := txWrapper{viewTx(t, true)}
	a.mu.RUnlock()
	reply(w, r, http.StatusOK, v, "")
}

func (a *API) listTransactions(w http.ResponseWriter, r *http.Request, caller int) {
	a.mu.RLock()
	list := a.transactionsView(func(t *Transaction) bool { return isAdmin(caller) || t.UserID == caller })
	a.mu.RUnlock()
	page, fe := paginate(r, list)
	if fe != nil {
		unprocessable(w, fe)
		return
	}
	reply(w, r, http.StatusOK, page, "transactions")
}
