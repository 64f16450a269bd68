package client

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"time"
)

// Transaction is one unit of scheduled Webcore work (build_disk,
// resize_virtual_machine, destroy_user, …).
type Transaction struct {
	ID                     int64           `json:"id"`
	Action                 string          `json:"action"`
	Status                 string          `json:"status"` // pending | running | complete | failed | cancelled
	ParentID               int64           `json:"parent_id"`
	ParentType             string          `json:"parent_type"`
	AssociatedObjectID     int64           `json:"associated_object_id"`
	AssociatedObjectType   string          `json:"associated_object_type"`
	Identifier             string          `json:"identifier"`
	DependentTransactionID int64           `json:"dependent_transaction_id"`
	ChainID                int64           `json:"chain_id"`
	Params                 json.RawMessage `json:"params"`     // shape varies by action
	LogOutput              string          `json:"log_output"` // only on GET /transactions/:id
	CreatedAt              time.Time       `json:"created_at"`
	StartedAt              time.Time       `json:"started_at"`
	UpdatedAt              time.Time       `json:"updated_at"`
}

// UnmarshalJSON implements json.Unmarshaler, decoding loosely (see decodeLoose).
func (v *Transaction) UnmarshalJSON(data []byte) error { return decodeLoose(data, v) }

// Transaction statuses.
const (
	TransactionPending   = "pending"
	TransactionRunning   = "running"
	TransactionComplete  = "complete"
	TransactionFailed    = "failed"
	TransactionCancelled = "cancelled"
)

// Unsuccessful reports whether the transaction ended failed or cancelled.
func (t Transaction) Unsuccessful() bool {
	return t.Status == TransactionFailed || t.Status == TransactionCancelled
}

// InProgress reports whether the transaction has not ended; unknown
// statuses count as in progress, per the API contract.
func (t Transaction) InProgress() bool {
	return t.Status != TransactionComplete && !t.Unsuccessful()
}

// GetTransaction reads one transaction, including its log output.
func (w *Webcore) GetTransaction(ctx context.Context, id int64) (*Transaction, error) {
	var tx Transaction
	if err := w.getWrapped(ctx, "/transactions/"+strconv.FormatInt(id, 10)+".json", nil, "transaction", &tx); err != nil {
		return nil, err
	}
	return &tx, nil
}

// ListVirtualServerTransactions lists a virtual server's transactions,
// newest first.
func (w *Webcore) ListVirtualServerTransactions(ctx context.Context, vsID int64) ([]Transaction, error) {
	return getWrappedList[Transaction](ctx, w, vsPath(vsID, "/transactions.json"), nil, "transaction")
}

// ListTransactions lists all transactions, newest first; page and perPage
// are sent only when positive.
func (w *Webcore) ListTransactions(ctx context.Context, page, perPage int) ([]Transaction, error) {
	query := url.Values{}
	if page > 0 {
		query.Set("page", strconv.Itoa(page))
	}
	if perPage > 0 {
		query.Set("per_page", strconv.Itoa(perPage))
	}
	return getWrappedList[Transaction](ctx, w, "/transactions.json", query, "transaction")
}

// LatestTransactionID returns the newest transaction id of a virtual server,
// 0 when it has none. Call it before a request that queues work, then pass
// the id to WaitForTransactions.
func (w *Webcore) LatestTransactionID(ctx context.Context, vsID int64) (int64, error) {
	txs, err := w.ListVirtualServerTransactions(ctx, vsID)
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, tx := range txs { // the max, rather than trusting the list order
		latest = max(latest, tx.ID)
	}
	return latest, nil
}
