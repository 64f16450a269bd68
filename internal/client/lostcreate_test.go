package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"
)

func TestCreateMayHaveSucceeded(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"no error", nil, false},
		{"lost response", &RequestError{Err: errors.New("EOF"), MaybeProcessed: true}, true},
		{"never sent", &RequestError{Err: &net.OpError{Op: "dial", Err: errors.New("refused")}}, false},
		{"deadline in flight", &RequestError{Err: fmt.Errorf("post: %w", context.DeadlineExceeded)}, true},
		{"cancelled in flight", &RequestError{Err: context.Canceled}, true},
		{"500", &APIError{StatusCode: 500, Kind: KindServer}, true},
		{"502 wrapped", fmt.Errorf("creating: %w", &APIError{StatusCode: 502, Kind: KindServer}), true},
		{"422", &APIError{StatusCode: 422, Kind: KindValidation}, false},
		{"403", &APIError{StatusCode: 403, Kind: KindForbidden}, false},
		{"429", &APIError{StatusCode: 429, Kind: KindRateLimited}, false},
		{"unreadable 2xx body", &DecodeError{Service: "webcore", Err: errors.New("bad json")}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CreateMayHaveSucceeded(tc.err); got != tc.want {
				t.Errorf("CreateMayHaveSucceeded(%v) = %t, want %t", tc.err, got, tc.want)
			}
		})
	}
}

func TestCreateAttemptMayHaveMade(t *testing.T) {
	sent := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	attempt := CreateAttempt{SentAt: sent}
	for _, tc := range []struct {
		name      string
		createdAt time.Time
		want      bool
	}{
		{"after the request", sent.Add(200 * time.Millisecond), true},
		{"same instant", sent, true},
		{"server clock slightly behind", sent.Add(-CreateClockSkew + time.Second), true},
		{"at the skew limit", sent.Add(-CreateClockSkew), true},
		{"older than the skew allows", sent.Add(-CreateClockSkew - time.Millisecond), false},
		{"long before", sent.Add(-24 * time.Hour), false},
		{"no created_at", time.Time{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := attempt.MayHaveMade(FlexTime{tc.createdAt}); got != tc.want {
				t.Errorf("MayHaveMade(%s) = %t, want %t", tc.createdAt, got, tc.want)
			}
		})
	}
}

func TestReconcileContextOutlivesTheOperation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	lookup, stop := ReconcileContext(ctx)
	defer stop()
	if err := lookup.Err(); err != nil {
		t.Fatalf("the look-up context ended with the operation: %v", err)
	}
	deadline, ok := lookup.Deadline()
	if !ok || time.Until(deadline) > reconcileTimeout {
		t.Fatalf("the look-up context has no deadline within %s: %v %t", reconcileTimeout, deadline, ok)
	}
}
